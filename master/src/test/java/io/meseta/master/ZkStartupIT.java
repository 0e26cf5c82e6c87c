package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.testing.Await;
import io.meseta.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreachable ZooKeeper at start-up is not fatal: the master starts as a standby that knows
 * no leader, keeps retrying, and takes part in the election once ZooKeeper is there.
 */
class ZkStartupIT {
  @TempDir
  Path dir;

  @Test
  void aMasterStartsWithoutZooKeeperAndLeadsOnceItIsReachable() throws Exception {
    int zkPort = FreePorts.next();
    MasterConfig config = MasterConfig.defaults(dir).withPort(0).withAdvertisedHost("127.0.0.1")
        .withZk("zk://127.0.0.1:" + zkPort + "/meseta").withZkSessionTimeout(Duration.ofSeconds(1));
    try (MesetaMaster master = MesetaMaster.start(config); MasterWire wire = MasterWire.to(master)) {
      assertFalse(master.isLeader());
      MesetaError e = MasterWire.notLeader(() -> wire.scheduler.registerFramework(
          new RegisterFrameworkRequest(new FrameworkInfo("f", "alice"))));
      assertFalse(e.isSetLeader(), "no leader is known");
      assertTrue(e.getMessage().contains("zk://127.0.0.1:" + zkPort + "/meseta"), e.getMessage());

      try (TestingServer zk = new TestingServer(new InstanceSpec(null, zkPort, -1, -1, true, -1,
          ZkMasters.TICK_MILLIS, -1), true)) {
        Await.until("the master leads", MasterWire.WAIT, master::isLeader);
        String id = wire.scheduler.registerFramework(new RegisterFrameworkRequest(new FrameworkInfo("f", "alice")))
            .getFrameworkId();
        assertTrue(id.startsWith(master.masterId() + "-F"), id);
        assertEquals(1, master.metrics().getGauges().get("master.elected").getValue());
      }
    }
  }
}
