package io.meseta.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.discovery.MasterAddress;
import io.meseta.protocol.thrift.FrameworkInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder rejects bad options with messages that name them. */
class FrameworkClientBuilderTest {
  private final RecordingScheduler scheduler = new RecordingScheduler();

  @Test
  void theBuilderNamesWhatIsWrong() {
    FrameworkInfo info = TestEvents.framework();
    IllegalArgumentException address = assertThrows(IllegalArgumentException.class,
        () -> FrameworkClient.builder("http://m:5050", info, scheduler));
    assertTrue(address.getMessage().contains("scheme"), address.getMessage());
    IllegalArgumentException user = assertThrows(IllegalArgumentException.class,
        () -> FrameworkClient.builder("m:5050", new FrameworkInfo("n", ""), scheduler));
    assertTrue(user.getMessage().contains("framework.user"), user.getMessage());
    FrameworkClient.Builder builder = FrameworkClient.builder("m", info, scheduler);
    assertThrows(IllegalArgumentException.class, () -> builder.pollWait(Duration.ofMinutes(2)));
    assertThrows(IllegalArgumentException.class,
        () -> builder.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    IllegalArgumentException failover = assertThrows(IllegalArgumentException.class,
        () -> builder.failoverTimeout(Duration.ofSeconds(-1)));
    assertTrue(failover.getMessage().contains("failoverTimeout"), failover.getMessage());
    IllegalArgumentException inInfo = assertThrows(IllegalArgumentException.class, () -> FrameworkClient.builder("m",
        TestEvents.framework().setFailoverTimeoutSeconds(Double.NaN), scheduler));
    assertTrue(inInfo.getMessage().contains("framework.failoverTimeoutSeconds"), inInfo.getMessage());
  }

  @Test
  void zooKeeperAddressesAreAcceptedAndBadOnesExplained() {
    FrameworkInfo info = TestEvents.framework();
    FrameworkClient.builder("zk://z1:2181,z2:2181/meseta", info, scheduler).build().stop();
    FrameworkClient.builder(MasterAddress.parse("zk://z1:2181/meseta"), info, scheduler).build().stop();
    IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class,
        () -> FrameworkClient.builder("zk://z1:2181", info, scheduler));
    assertTrue(noPath.getMessage().contains("has no path"), noPath.getMessage());
    IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
        () -> FrameworkClient.builder("zk://z1:x/meseta", info, scheduler));
    assertTrue(badPort.getMessage().contains("'z1:x' has no valid port"), badPort.getMessage());
  }
}
