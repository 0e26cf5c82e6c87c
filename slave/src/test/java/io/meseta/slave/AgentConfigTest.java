package io.meseta.slave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.transport.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static final HostPort MASTER = new HostPort("master.example", 5050);

  private static AgentConfig.Builder builder() {
    return AgentConfig.builder(MASTER, Path.of("/var/lib/meseta")).hostname("agent-1");
  }

  /** Asserts that the builder change is refused with a message containing every fragment. */
  private static void refused(UnaryOperator<AgentConfig.Builder> change, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(builder()).build());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
    }
  }

  @Test
  void defaults() {
    AgentConfig c = builder().build();

    assertEquals(AgentConfig.DEFAULT_PORT, c.port());
    assertEquals("0.0.0.0", c.bindHost());
    assertEquals(Optional.empty(), c.resources());
    assertEquals(Duration.ofSeconds(3), c.killGracePeriod());
    assertTrue(c.killTasksOnClose());
  }

  @Test
  void workDirIsMadeAbsoluteAndNormal() {
    AgentConfig c = AgentConfig.builder(MASTER, Path.of("rel/./x/../work")).hostname("h").build();

    assertEquals(Path.of("rel/work").toAbsolutePath(), c.workDir());
  }

  @Test
  void attributesAreCopiedAndSorted() {
    Map<String, String> attrs = new HashMap<>(Map.of("zone", "b", "rack", "r1"));
    AgentConfig c = builder().attributes(attrs).build();
    attrs.put("later", "x");

    assertEquals(Map.of("rack", "r1", "zone", "b"), c.attributes());
    assertEquals("rack", c.attributes().keySet().iterator().next());
  }

  @Test
  void refusesABadPort() {
    refused(b -> b.port(-1), "port", "-1");
    refused(b -> b.port(65536), "port", "65536");
  }

  @Test
  void refusesRetryMaxBelowRetryInitial() {
    refused(b -> b.statusUpdateRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)),
        "statusUpdateRetryMax", "statusUpdateRetryInitial");
  }

  @Test
  void refusesNonPositiveDurations() {
    refused(b -> b.statusUpdateRetry(Duration.ZERO, Duration.ofSeconds(1)), "statusUpdateRetryInitial", "positive");
    refused(b -> b.registrationBackoffMax(Duration.ofMillis(-5)), "registrationBackoffMax", "negative");
    refused(b -> b.killGracePeriod(Duration.ofSeconds(-1)), "killGracePeriod", "negative");
    refused(b -> b.killGracePeriod(null), "killGracePeriod", "must be set");
  }

  @Test
  void zeroKillGracePeriodIsAllowed() {
    assertEquals(Duration.ZERO, builder().killGracePeriod(Duration.ZERO).build().killGracePeriod());
  }

  @Test
  void refusesMissingOrEmptyFields() {
    refused(b -> b.bindHost(" "), "bindHost");
    refused(b -> b.hostname(""), "hostname");
    refused(b -> b.rpcLimits(null), "rpcLimits");
    refused(b -> b.attributes(Map.of(" ", "v")), "attributes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AgentConfig.builder((HostPort) null, Path.of("/w")).build());
    assertTrue(e.getMessage().contains("master"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.builder(MASTER, null).build());
    assertTrue(e.getMessage().contains("workDir"), e.getMessage());
  }

  @Test
  void theMasterMayBeAFixedAddressOrAZooKeeperUrl() {
    assertEquals(new io.meseta.discovery.MasterAddress.Fixed(MASTER), builder().build().master());
    AgentConfig zk = AgentConfig.builder(io.meseta.discovery.MasterAddress.parse("zk://zk1:2181,zk2:2181/meseta"),
        Path.of("/w")).build();
    assertEquals("zk://zk1:2181,zk2:2181/meseta", zk.master().toString());
    assertEquals(io.meseta.discovery.ZkSettings.DEFAULT, zk.zooKeeper());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AgentConfig.builder(MASTER, Path.of("/w")).zooKeeper(null).build());
    assertTrue(e.getMessage().contains("zooKeeper"), e.getMessage());
  }
}
