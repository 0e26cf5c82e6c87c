package io.meseta.batch.store;

import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/** Blobs as znodes under a base path; a write is one setData, or a create with its parents. */
final class ZkBlobs implements Blobs {
  private final CuratorFramework curator;
  private final String base;
  private final boolean ownsClient;

  ZkBlobs(CuratorFramework curator, String base, boolean ownsClient) {
    this.curator = curator;
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.ownsClient = ownsClient;
  }

  private String path(String name) {
    return base + "/" + name;
  }

  @Override
  public void put(String name, byte[] data) {
    String p = path(name);
    try {
      try {
        curator.setData().forPath(p, data);
      } catch (KeeperException.NoNodeException e) {
        curator.create().creatingParentsIfNeeded().forPath(p, data);
      }
    } catch (Exception e) {
      throw new JobStoreException("cannot write znode " + p + " in " + describe() + ": " + e, e);
    }
  }

  @Override
  public Optional<byte[]> get(String name) {
    String p = path(name);
    try {
      return Optional.of(curator.getData().forPath(p));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new JobStoreException("cannot read znode " + p + " in " + describe() + ": " + e, e);
    }
  }

  @Override
  public List<String> children(String name) {
    String p = path(name);
    try {
      return curator.getChildren().forPath(p).stream().sorted().toList();
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw new JobStoreException("cannot list znode " + p + " in " + describe() + ": " + e, e);
    }
  }

  @Override
  public String describe() {
    return "ZooKeeper " + curator.getZookeeperClient().getCurrentConnectionString() + base;
  }

  @Override
  public void close() {
    if (ownsClient) {
      curator.close();
    }
  }
}
