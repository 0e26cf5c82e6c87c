package io.meseta.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A single real ZooKeeper server in this JVM (ZooKeeper's own server classes), for trying high
 * availability on one machine: {@code bin/meseta zookeeper} and {@code bin/meseta local --masters N}.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  private static final int TICK_MILLIS = 500;

  private final ZooKeeperServer server;
  private final ServerCnxnFactory connections;

  private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections) {
    this.server = server;
    this.connections = connections;
  }

  /**
   * Starts serving on {@code bindHost:port} (port 0 picks a free one) with its snapshots and logs in
   * {@code dataDir}.
   *
   * @throws IOException if the directory or port cannot be used
   */
  public static EmbeddedZooKeeper start(String bindHost, int port, Path dataDir) throws IOException {
    System.setProperty("zookeeper.admin.enableServer", "false");
    Files.createDirectories(dataDir);
    ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_MILLIS);
    ServerCnxnFactory connections = ServerCnxnFactory.createFactory(new InetSocketAddress(bindHost, port), 1000);
    try {
      connections.startup(server);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connections.shutdown();
      throw new IOException("interrupted while starting ZooKeeper", e);
    }
    return new EmbeddedZooKeeper(server, connections);
  }

  public int port() {
    return connections.getLocalPort();
  }

  /** {@code localhost:PORT}, for a zk:// URL. */
  public String connectString() {
    return "localhost:" + port();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    connections.join();
  }

  @Override
  public void close() {
    connections.shutdown();
    server.shutdown();
  }
}
