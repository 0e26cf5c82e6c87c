package io.meseta.master.durable;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.master.registry.TaskKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The registry in ZooKeeper, under {@code ZkUrl.registryPath()}:
 *
 * <pre>
 *   meta                       the id lineage (JSON); its version fences writers
 *   agents/AGENT_ID            one JSON node per registered agent
 *   frameworks/FRAMEWORK_ID    one per registered framework
 *   tasks/FRAMEWORK_ID~TASK_ID one per live or recently ended task
 *   removed-agents/AGENT_ID, removed-frameworks/FRAMEWORK_ID   tombstones (empty nodes)
 * </pre>
 *
 * <p>Every batch is one ZooKeeper transaction that also sets {@code meta} at the version this
 * store last saw. A master that lost leadership without noticing therefore cannot write: the
 * new leader bumped {@code meta} when it loaded, so the old one's transaction fails as a whole
 * and it learns it must step down. A batch too large for one transaction (over 500 entries or
 * 512 KiB) is split; each part is atomic.
 */
public final class ZkRegistryStore implements RegistryStore {
  static final int MAX_OPS = 500;
  static final int MAX_BYTES = 512 * 1024;
  private static final long READ_TIMEOUT_SECONDS = 60;
  private static final String TASK_SEPARATOR = "~";

  private final CuratorFramework client;
  private final String root;
  private final String metaPath;
  private final String agentsPath;
  private final String frameworksPath;
  private final String tasksPath;
  private final String removedAgentsPath;
  private final String removedFrameworksPath;
  private final Set<String> existing = new HashSet<>();
  private RegistryMeta meta;
  private int metaVersion = -1;
  private boolean broken;

  public ZkRegistryStore(CuratorFramework client, String root) {
    this.client = client;
    this.root = root;
    this.metaPath = ZKPaths.makePath(root, "meta");
    this.agentsPath = ZKPaths.makePath(root, "agents");
    this.frameworksPath = ZKPaths.makePath(root, "frameworks");
    this.tasksPath = ZKPaths.makePath(root, "tasks");
    this.removedAgentsPath = ZKPaths.makePath(root, "removed-agents");
    this.removedFrameworksPath = ZKPaths.makePath(root, "removed-frameworks");
  }

  @Override
  public RegistryContents load() throws RegistryException {
    String at = metaPath;
    try {
      for (String p : List.of(agentsPath, frameworksPath, tasksPath, removedAgentsPath, removedFrameworksPath)) {
        ensure(p, new byte[0]);
      }
      ensure(metaPath, RegistryJson.bytes(RegistryJson.toJson(RegistryMeta.EMPTY)));
      Stat stat = new Stat();
      byte[] m = client.getData().storingStatIn(stat).forPath(metaPath);
      RegistryChange.Builder b = new RegistryChange.Builder()
          .meta(RegistryJson.fromJson(RegistryJson.read(m, RegistryJson.MetaJson.class)));
      existing.clear();
      for (Map.Entry<String, byte[]> e : readChildren(agentsPath).entrySet()) {
        at = e.getKey();
        b.putAgent(RegistryJson.fromJson(RegistryJson.read(e.getValue(), RegistryJson.AgentJson.class)));
      }
      for (Map.Entry<String, byte[]> e : readChildren(frameworksPath).entrySet()) {
        at = e.getKey();
        b.putFramework(RegistryJson.fromJson(RegistryJson.read(e.getValue(), RegistryJson.FrameworkJson.class)));
      }
      for (Map.Entry<String, byte[]> e : readChildren(tasksPath).entrySet()) {
        at = e.getKey();
        b.putTask(RegistryJson.fromJson(RegistryJson.read(e.getValue(), RegistryJson.TaskJson.class)));
      }
      for (String p : readChildren(removedAgentsPath).keySet()) {
        at = p;
        b.tombstoneAgent(AgentId.of(ZKPaths.getNodeFromPath(p)));
      }
      for (String p : readChildren(removedFrameworksPath).keySet()) {
        at = p;
        b.tombstoneFramework(FrameworkId.of(ZKPaths.getNodeFromPath(p)));
      }
      RegistryImage image = new RegistryImage();
      image.apply(b.build());
      meta = image.contents().meta();
      metaVersion = stat.getVersion();
      return image.contents();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RegistryException("the registry node " + at + " in ZooKeeper is corrupt (" + e.getMessage()
          + "); delete it to forget that entry", e);
    } catch (RegistryException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while reading the registry at " + describe(), e);
    } catch (Exception e) {
      throw new RegistryException("cannot read the registry at " + describe() + ": " + e, e);
    }
  }

  private void ensure(String path, byte[] initial) throws Exception {
    try {
      client.create().creatingParentsIfNeeded().forPath(path, initial);
    } catch (KeeperException.NodeExistsException e) {
      // made by an earlier master
    }
  }

  /** Reads every child of {@code parent}, all requests in flight at once; returns full paths. */
  private SortedMap<String, byte[]> readChildren(String parent) throws Exception {
    List<String> names = client.getChildren().forPath(parent);
    Map<String, byte[]> out = new ConcurrentHashMap<>();
    AtomicReference<String> error = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(names.size());
    for (String name : names) {
      String path = ZKPaths.makePath(parent, name);
      client.getData().inBackground((c, event) -> {
        if (event.getResultCode() == KeeperException.Code.OK.intValue()) {
          out.put(path, event.getData() == null ? new byte[0] : event.getData());
        } else if (event.getResultCode() != KeeperException.Code.NONODE.intValue()) {
          error.compareAndSet(null, path + ": " + KeeperException.Code.get(event.getResultCode()));
        }
        done.countDown();
      }).forPath(path);
    }
    if (!done.await(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new RegistryException("timed out after " + READ_TIMEOUT_SECONDS + " s reading " + names.size()
          + " nodes under " + parent);
    }
    if (error.get() != null) {
      throw new RegistryException("cannot read " + error.get());
    }
    existing.addAll(out.keySet());
    return new TreeMap<>(out);
  }

  @Override
  public void apply(RegistryChange change) throws RegistryException {
    if (broken || metaVersion < 0) {
      throw new RegistryException("the registry at " + describe() + " is " + (broken
          ? "unusable by this master after a failed write" : "not loaded yet"));
    }
    if (change.isEmpty()) {
      return;
    }
    RegistryMeta newMeta = change.meta().orElse(meta);
    List<Write> writes = writes(change);
    try {
      int i = 0;
      do {
        List<Write> chunk = new ArrayList<>();
        int bytes = 0;
        while (i < writes.size() && chunk.size() < MAX_OPS
            && (chunk.isEmpty() || bytes + writes.get(i).bytes() <= MAX_BYTES)) {
          bytes += writes.get(i).bytes();
          chunk.add(writes.get(i++));
        }
        commit(chunk, newMeta);
      } while (i < writes.size());
      meta = newMeta;
    } catch (KeeperException.BadVersionException e) {
      broken = true;
      throw new RegistryException("another master has written the registry at " + describe()
          + " since this master loaded it: this master is no longer the leader", e);
    } catch (InterruptedException e) {
      broken = true;
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while writing the registry at " + describe(), e);
    } catch (Exception e) {
      broken = true;
      throw new RegistryException("cannot write the registry at " + describe() + ": " + e, e);
    }
  }

  /** One node to create, set or delete. */
  private record Write(String path, Optional<byte[]> data, int bytes) {}

  private List<Write> writes(RegistryChange c) {
    List<Write> out = new ArrayList<>();
    c.agents().forEach((id, a) -> out.add(write(ZKPaths.makePath(agentsPath, id.value()),
        a.map(v -> RegistryJson.bytes(RegistryJson.toJson(v))))));
    c.frameworks().forEach((id, f) -> out.add(write(ZKPaths.makePath(frameworksPath, id.value()),
        f.map(v -> RegistryJson.bytes(RegistryJson.toJson(v))))));
    c.tasks().forEach((key, t) -> out.add(write(taskPath(key), t.map(v -> RegistryJson.bytes(RegistryJson.toJson(v))))));
    for (AgentId id : c.removedAgents()) {
      String p = ZKPaths.makePath(removedAgentsPath, id.value());
      if (!existing.contains(p)) {
        out.add(write(p, Optional.of(new byte[0])));
      }
    }
    for (FrameworkId id : c.removedFrameworks()) {
      String p = ZKPaths.makePath(removedFrameworksPath, id.value());
      if (!existing.contains(p)) {
        out.add(write(p, Optional.of(new byte[0])));
      }
    }
    out.removeIf(w -> w.data().isEmpty() && !existing.contains(w.path()));
    return out;
  }

  private static Write write(String path, Optional<byte[]> data) {
    return new Write(path, data, path.length() + data.map(d -> d.length).orElse(0) + 16);
  }

  private String taskPath(TaskKey key) {
    return ZKPaths.makePath(tasksPath, key.framework().value() + TASK_SEPARATOR + key.task().value());
  }

  private void commit(List<Write> chunk, RegistryMeta newMeta) throws Exception {
    List<CuratorOp> ops = new ArrayList<>(chunk.size() + 1);
    ops.add(client.transactionOp().setData().withVersion(metaVersion)
        .forPath(metaPath, RegistryJson.bytes(RegistryJson.toJson(newMeta))));
    for (Write w : chunk) {
      if (w.data().isEmpty()) {
        ops.add(client.transactionOp().delete().forPath(w.path()));
      } else if (existing.contains(w.path())) {
        ops.add(client.transactionOp().setData().forPath(w.path(), w.data().get()));
      } else {
        ops.add(client.transactionOp().create().forPath(w.path(), w.data().get()));
      }
    }
    client.transaction().forOperations(ops);
    metaVersion++;
    for (Write w : chunk) {
      if (w.data().isEmpty()) {
        existing.remove(w.path());
      } else {
        existing.add(w.path());
      }
    }
  }

  @Override
  public String describe() {
    String ensemble;
    try {
      ensemble = client.getZookeeperClient().getCurrentConnectionString();
    } catch (RuntimeException e) {
      ensemble = null;
    }
    return ensemble == null ? "zk:" + root : "zk://" + ensemble + root;
  }

  /** The store does not own the client; closing forgets what it loaded. */
  @Override
  public void close() {
    broken = true;
    existing.clear();
  }
}
