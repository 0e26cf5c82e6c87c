package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.discovery.ZkUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MasterConfigTest {
  private final MasterConfig defaults = MasterConfig.defaults(Path.of("/tmp/m"));

  @Test
  void highAvailabilityIsOffByDefaultWithDocumentedTimeouts() {
    assertEquals(Optional.empty(), defaults.zk());
    assertEquals(Duration.ofSeconds(60), defaults.agentReregisterTimeout());
    assertEquals(Duration.ofSeconds(4), defaults.zkSessionTimeout());
  }

  @Test
  void theElevenSettingConstructorStillWorks() {
    MasterConfig c = new MasterConfig("0.0.0.0", 1, "h", Path.of("/tmp/m"), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Optional.empty(), Duration.ZERO, AllocatorConfig.DEFAULT);
    assertEquals(Optional.empty(), c.zk());
    assertEquals(MasterConfig.DEFAULT_AGENT_REREGISTER_TIMEOUT, c.agentReregisterTimeout());
  }

  @Test
  void helpersKeepTheOtherSettings() {
    MasterConfig c = defaults.withZk("zk://a:2181,b:2182/meseta").withAgentReregisterTimeout(Duration.ofSeconds(9))
        .withZkSessionTimeout(Duration.ofSeconds(3)).withPort(7).withWorkDir(Path.of("/tmp/x"));
    assertEquals(Optional.of(new ZkUrl("a:2181,b:2182", "/meseta")), c.zk());
    assertEquals(Duration.ofSeconds(9), c.agentReregisterTimeout());
    assertEquals(Duration.ofSeconds(3), c.zkSessionTimeout());
    assertEquals(7, c.port());
    assertEquals(Path.of("/tmp/x"), c.workDir());
  }

  @Test
  void aMalformedZkUrlIsRefusedNamingTheSettingAndTheText() {
    for (String bad : new String[] {"http://a:2181/meseta", "zk://a:2181", "zk://a/meseta", "zk://a:99999/m",
        "zk://a:2181/", "zk:///meseta"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> defaults.withZk(bad), bad);
      assertTrue(e.getMessage().startsWith("zk: "), e.getMessage());
      assertTrue(e.getMessage().contains(bad) || e.getMessage().contains(bad.substring(5)), e.getMessage());
    }
  }

  @Test
  void timeoutsMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> defaults.withAgentReregisterTimeout(Duration.ZERO));
    assertTrue(e.getMessage().contains("agent_reregister_timeout"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> defaults.withZkSessionTimeout(Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("zk_session_timeout"), e.getMessage());
  }
}
