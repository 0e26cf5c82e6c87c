package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.InvalidResourcesException;
import io.meseta.core.resources.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Choosing isolators by name, bad input, and how a set composes its members. */
class IsolatorSetTest {
  private static final Path SANDBOX = Path.of("/nonexistent/sandbox");

  @Test
  void namesComeInTheSetsOrderWhateverTheOrderGiven() {
    assertEquals(List.of("cgroups", "disk/du", "namespaces/pid", "filesystem"),
        IsolatorSet.parseNames(" filesystem,namespaces/pid , cgroups,disk/du"));
  }

  @Test
  void anUnknownNameIsNamedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IsolatorSet.parseNames("cgroups,namespaces/net"));
    assertTrue(e.getMessage().contains("'namespaces/net'"), e.getMessage());
    assertTrue(e.getMessage().contains("cgroups, posix, disk/du, namespaces/pid, filesystem"), e.getMessage());
  }

  @Test
  void emptyListsAndRepeatedNamesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> IsolatorSet.parseNames(""));
    assertThrows(IllegalArgumentException.class, () -> IsolatorSet.parseNames("posix,"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IsolatorSet.parseNames("posix,posix"));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void posixAndDiskNeedNeitherRootNorCgroups() throws Exception {
    IsolatorSet set = IsolatorSet.parse("disk/du,posix", IsolationConfig.DEFAULTS);
    assertEquals("posix,disk/du", set.name());
  }

  @Test
  void aCgroupRootThatDoesNotExistFailsAtStartUp() {
    IsolationException e = assertThrows(IsolationException.class, () -> IsolatorSet.parse("cgroups",
        IsolationConfig.DEFAULTS.withCgroupRoot(Path.of("/nonexistent/cgroup"))));
    assertTrue(e.getMessage().contains("/nonexistent/cgroup"), e.getMessage());
  }

  @Test
  void detectAlwaysGivesAWorkingSet() {
    Machine.assumeLinux();
    IsolatorSet set = IsolatorSet.detect(Machine.testConfig());
    try {
      assertTrue(set.names().contains("disk/du"), set.names().toString());
      assertTrue(set.names().contains("cgroups") != set.names().contains("posix"), set.names().toString());
      if (Machine.uid().orElse(-1L) == 0 && set.names().contains("cgroups")) {
        assertEquals(List.of("cgroups", "disk/du", "namespaces/pid", "filesystem"), set.names());
      }
    } finally {
      set.isolators().stream().filter(i -> i instanceof CgroupsIsolator).map(CgroupsIsolator.class::cast)
          .forEach(Machine::removeParents);
    }
  }

  @Test
  void badLimitsAndConfigurationAreRefused() {
    assertThrows(InvalidResourcesException.class, () -> Resources.parse("cpus:1;mem:-64"));
    IllegalArgumentException pids = assertThrows(IllegalArgumentException.class,
        () -> IsolationConfig.DEFAULTS.withPidsLimit(-1));
    assertTrue(pids.getMessage().contains("pidsLimit"), pids.getMessage());
    IllegalArgumentException parent = assertThrows(IllegalArgumentException.class,
        () -> IsolationConfig.DEFAULTS.withCgroupParent("../escape"));
    assertTrue(parent.getMessage().contains("cgroupParent"), parent.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IsolationConfig.DEFAULTS.withCgroupRoot(Path.of("relative")));
    assertThrows(IllegalArgumentException.class,
        () -> IsolationRequest.of("fw/t", Path.of("relative"), Resources.EMPTY));
    assertThrows(IllegalArgumentException.class, () -> IsolationRequest.of(" ", SANDBOX, Resources.EMPTY));
  }

  @Test
  void composesPlansInTheSetsOrder() throws Exception {
    FakeIsolator fs = new FakeIsolator("filesystem");
    fs.plan = new IsolationPlan(List.of(), List.of("fs"), Map.of("TMPDIR", "/tmp"));
    FakeIsolator cg = new FakeIsolator("cgroups");
    cg.plan = IsolationPlan.lines("join");
    FakeIsolator pid = new FakeIsolator("namespaces/pid");
    pid.plan = IsolationPlan.prefix(List.of("pid"));

    IsolationPlan plan = IsolatorSet.of(List.of(fs, pid, cg)).prepare(IsolationRequest.of("c", SANDBOX,
        Resources.EMPTY));

    assertEquals(List.of("join"), plan.setupLines());
    assertEquals(List.of("pid", "fs", "cmd"), plan.prefixed(List.of("cmd")));
    assertEquals(Map.of("TMPDIR", "/tmp"), plan.environment());
  }

  @Test
  void aFailedPrepareUndoesTheOthers() {
    FakeIsolator cg = new FakeIsolator("cgroups");
    FakeIsolator pid = new FakeIsolator("namespaces/pid");
    pid.failPrepare = true;

    IsolationException e = assertThrows(IsolationException.class,
        () -> IsolatorSet.of(List.of(cg, pid)).prepare(IsolationRequest.of("c", SANDBOX, Resources.EMPTY)));

    assertTrue(e.getMessage().contains("cannot prepare c"), e.getMessage());
    assertEquals(List.of("prepare c", "destroy c"), cg.calls());
  }

  @Test
  void destroyReachesEveryIsolatorAndReportsTheFirstLimit() throws Exception {
    FakeIsolator cg = new FakeIsolator("cgroups");
    FakeIsolator du = new FakeIsolator("disk/du");
    LimitEvent disk = new LimitEvent(LimitEvent.Kind.DISK, 1, 2, "disk");
    LimitEvent memory = new LimitEvent(LimitEvent.Kind.MEMORY, 1, 2, "memory");
    du.limits.put("c", disk);
    IsolatorSet set = IsolatorSet.of(List.of(du, cg));
    assertEquals(Optional.of(disk), set.limitReached("c"));
    cg.limits.put("c", memory);
    assertEquals(Optional.of(memory), set.limitReached("c"));

    assertEquals(Optional.of(memory), set.destroy("c"));

    assertEquals(List.of("destroy c"), cg.calls());
    assertEquals(List.of("destroy c"), du.calls());
  }

  @Test
  void anIsolatorGivenTwiceIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> IsolatorSet.of(List.of(new FakeIsolator("posix"), new FakeIsolator("posix"))));
  }
}
