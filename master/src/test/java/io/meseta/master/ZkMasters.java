package io.meseta.master;

import io.meseta.discovery.ZkUrl;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** Masters electing a leader in one in-process ZooKeeper; each test gets its own ZooKeeper path. */
final class ZkMasters implements AutoCloseable {
  private static final AtomicInteger PATHS = new AtomicInteger();
  /** A 100 ms tick lets sessions be as short as the tests need. */
  static final int TICK_MILLIS = 100;

  final TestingServer zk;
  final ZkUrl url;
  final List<MesetaMaster> masters = new ArrayList<>();
  private final Path dir;
  private final Duration sessionTimeout;

  ZkMasters(Path dir, Duration sessionTimeout) throws Exception {
    this(new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MILLIS, -1), true), dir,
        sessionTimeout);
  }

  ZkMasters(TestingServer zk, Path dir, Duration sessionTimeout) {
    this.zk = zk;
    this.dir = dir;
    this.sessionTimeout = sessionTimeout;
    this.url = ZkUrl.parse("zk://" + zk.getConnectString() + "/meseta-" + PATHS.incrementAndGet());
  }

  MasterConfig config(int n) {
    return MasterConfig.defaults(dir.resolve("master-" + n)).withPort(0).withAdvertisedHost("127.0.0.1")
        .withZk(url).withZkSessionTimeout(sessionTimeout).withAllocationInterval(Duration.ofMillis(100))
        .withPings(Duration.ofMillis(200), 10);
  }

  MesetaMaster start() throws MesetaMaster.MasterStartException {
    MesetaMaster m = MesetaMaster.start(config(masters.size() + 1));
    masters.add(m);
    return m;
  }

  /** Waits until exactly one running master leads, and returns it. */
  MesetaMaster awaitLeader() {
    return Await.value("exactly one leader", MasterWire.WAIT, () -> {
      List<MesetaMaster> leaders = masters.stream().filter(MesetaMaster::isLeader).toList();
      return leaders.size() == 1 ? leaders.get(0) : null;
    }, m -> m != null);
  }

  List<MesetaMaster> standbys() {
    return masters.stream().filter(m -> !m.isLeader()).toList();
  }

  /** Stops a master (as an operator would) and forgets it. */
  void stop(MesetaMaster m) {
    masters.remove(m);
    m.close();
  }

  static String address(MesetaMaster m) {
    return "127.0.0.1:" + m.port();
  }

  @Override
  public void close() throws Exception {
    for (MesetaMaster m : masters) {
      m.close();
    }
    masters.clear();
    zk.close();
  }
}
