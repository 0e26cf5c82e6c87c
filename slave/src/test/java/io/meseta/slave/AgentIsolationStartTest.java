package io.meseta.slave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meseta.protocol.transport.HostPort;
import io.meseta.slave.isolation.IsolationConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent refuses to start, saying why, when its tasks cannot be isolated or run as configured. */
class AgentIsolationStartTest {
  /** Nothing listens here: every agent below fails before it would register. */
  private static final HostPort NO_MASTER = new HostPort("127.0.0.1", 1);

  @TempDir
  Path workDir;

  private AgentConfig.Builder builder() {
    return AgentConfig.builder(NO_MASTER, workDir).bindHost("127.0.0.1").port(0).httpPort(0).hostname("h")
        .cgroupParent(Isolation.cgroupParent());
  }

  private static void assertMentions(String text, String... fragments) {
    for (String f : fragments) {
      assertTrue(text.contains(f), "'" + text + "' should mention '" + f + "'");
    }
  }

  @Test
  void anUnknownIsolatorNameIsRefusedNamingItAndTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().isolation("cgroups,namespaces/pdi").build());

    assertMentions(e.getMessage(), "unknown isolator 'namespaces/pdi'", "cgroups, posix, disk/du, namespaces/pid,"
        + " filesystem");
  }

  @Test
  void isolationDefaultsToDetectionUnderTheStandardCgroupRoot() {
    AgentConfig c = AgentConfig.builder(NO_MASTER, workDir).hostname("h").build();

    assertEquals(Optional.empty(), c.isolation());
    assertEquals(IsolationConfig.DEFAULT_CGROUP_ROOT, c.isolationConfig().cgroupRoot());
    assertEquals(IsolationConfig.DEFAULT_PIDS_LIMIT, c.isolationConfig().pidsLimit());
    assertEquals("nobody", c.taskUser());
    assertEquals(AgentConfig.cgroupParentFor(workDir), c.isolationConfig().cgroupParent());
    assertTrue(c.isolationConfig().cgroupParent().matches("meseta-[0-9a-f]{12}"), c.isolationConfig().toString());
    assertTrue(!AgentConfig.cgroupParentFor(workDir.resolve("other")).equals(c.isolationConfig().cgroupParent()),
        "another work directory, another parent");
  }

  @Test
  void badIsolationSettingsAreRefusedNamingTheField() {
    assertMentions(assertThrows(IllegalArgumentException.class, () -> builder().pidsLimit(0).build()).getMessage(),
        "pidsLimit");
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> builder().cgroupRoot(Path.of("relative")).build()).getMessage(), "cgroupRoot");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> builder().taskUser("-x").build()).getMessage(),
        "taskUser");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> builder().isolation(" ").build()).getMessage(),
        "isolation list is empty");
  }

  @Test
  void aCgroupRootThatIsNoCgroupFileSystemStopsTheAgent() {
    Path notCgroups = workDir.resolve("not-cgroups");

    Agent.AgentStartException named = assertThrows(Agent.AgentStartException.class,
        () -> Agent.start(builder().isolation("cgroups").cgroupRoot(notCgroups).build()));
    Agent.AgentStartException detected = assertThrows(Agent.AgentStartException.class,
        () -> Agent.start(builder().cgroupRoot(workDir).build()));

    assertMentions(named.getMessage(), "cannot isolate tasks with 'cgroups'", notCgroups.toString(), "does not exist");
    assertMentions(detected.getMessage(), "cannot isolate tasks", workDir.toString(), "not a cgroup file system");
  }

  @Test
  void aRootAgentWhoseDefaultTaskUserIsNoAccountStops() {
    assumeTrue(Isolation.root(), "needs root: only a root agent switches to the default task user");

    Agent.AgentStartException e = assertThrows(Agent.AgentStartException.class,
        () -> Agent.start(builder().isolation("posix").taskUser("meseta-test-no-such-account").build()));

    assertMentions(e.getMessage(), "'meseta-test-no-such-account'", "task_user");
  }
}
