package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroups isolator on this machine's layout (v1 on a hybrid host, v2 on a pure one), with real
 * processes: memory, CPU and pids limits enforced, OOM kills reported, whole containers destroyed.
 * Needs root and a cgroup file system; skips otherwise.
 */
class CgroupsIsolatorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static CgroupsIsolator isolator;

  @TempDir
  Path tmp;

  private final List<String> started = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void open() {
    isolator = Machine.cgroups(Machine.testConfig());
  }

  @AfterEach
  void destroyAll() throws Exception {
    for (String id : started) {
      isolator.destroy(id);
    }
    processes.forEach(Process::destroyForcibly);
  }

  @AfterAll
  static void removeParents() {
    if (isolator != null) {
      Machine.removeParents(isolator);
    }
  }

  private IsolationRequest request(String id, String resources) {
    return IsolationRequest.of(id, tmp.resolve(GroupName.of(id)), Resources.parse(resources));
  }

  private Process start(Isolator with, IsolationRequest request, String shell) throws Exception {
    started.add(request.containerId());
    Process p = TestLauncher.start(with, request, shell);
    processes.add(p);
    return p;
  }

  private Process start(IsolationRequest request, String shell) throws Exception {
    return start(isolator, request, shell);
  }

  /** A control file of the container's group, in whichever hierarchy has it. */
  private static Path groupFile(CgroupsIsolator in, String id, String file) {
    return in.layout().groupDirs(GroupName.of(id)).stream().map(d -> d.resolve(file)).filter(Files::exists)
        .findFirst().orElseThrow(() -> new AssertionError(file + " not found for " + id + " in " + in.describe()));
  }

  @Test
  void writesTheLimitsOfTheResources() throws Exception {
    isolator.prepare(request("fw/limits", "cpus:1.5;mem:64"));
    started.add("fw/limits");

    long mem = 64L << 20;
    if (isolator.cgroupVersion() == 1) {
      assertEquals("1536", read(groupFile(isolator, "fw/limits", "cpu.shares")));
      assertEquals("150000", read(groupFile(isolator, "fw/limits", "cpu.cfs_quota_us")));
      assertEquals(Long.toString(mem), read(groupFile(isolator, "fw/limits", "memory.limit_in_bytes")));
      Path memsw = isolator.layout().groupDirs(GroupName.of("fw/limits")).stream()
          .map(d -> d.resolve("memory.memsw.limit_in_bytes")).filter(Files::exists).findFirst().orElse(null);
      if (memsw != null) {
        assertEquals(Long.toString(mem), read(memsw));
      }
    } else {
      assertEquals("150000 100000", read(groupFile(isolator, "fw/limits", "cpu.max")));
      assertEquals(Long.toString(mem), read(groupFile(isolator, "fw/limits", "memory.max")));
    }
    assertEquals("4096", read(groupFile(isolator, "fw/limits", "pids.max")));
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file).strip();
  }

  @Test
  void aProcessAllocatingFourTimesItsLimitIsOomKilledAndReportedAsMemoryLimit() throws Exception {
    IsolationRequest r = request("fw/hog", "cpus:1;mem:64");
    Process p = start(r, "perl -e '$x = \"x\" x (256 * 1024 * 1024); print \"survived\\n\"'");

    assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the hog still runs");
    assertEquals(137, p.exitValue(), "killed by SIGKILL; stderr: " + TestLauncher.stderr(r.sandbox()));
    assertFalse(TestLauncher.stdout(r.sandbox()).contains("survived"));

    LimitEvent event = isolator.limitReached("fw/hog").orElseThrow(() -> new AssertionError("no limit reported"));
    assertEquals("MEMORY_LIMIT", event.reason());
    assertEquals(64L << 20, event.limitBytes());
    assertTrue(event.usageBytes() >= (60L << 20), "peak usage " + event.usageBytes());
    assertTrue(event.message().contains("limit 64 MB") && event.message().contains("peak usage")
        && event.message().contains("fw/hog") && event.message().contains("OOM killer"), event.message());

    assertEquals(Optional.of(event).map(LimitEvent::reason), isolator.destroy("fw/hog").map(LimitEvent::reason));
    assertFalse(isolator.layout().exists(GroupName.of("fw/hog")));
  }

  /**
   * Two busy loops at 0.5 cpus: the container is held to its CFS quota. Waits until it has used 1.5 s
   * of CPU; at up to 0.6 of a core that takes at least 2.5 s of wall time (without the quota, 0.75 s
   * on two cores).
   */
  @Test
  void halfACpuWithTwoBusyLoopsUsesAtMostAboutSixTenthsOfACore() throws Exception {
    start(request("fw/busy", "cpus:0.5;mem:32"), "while :; do :; done & while :; do :; done");
    Await.until("both loops running", WAIT, () -> isolator.usage("fw/busy").map(u -> u.processes() >= 2).orElse(false));
    Duration cpu0 = isolator.usage("fw/busy").orElseThrow().cpuTime();
    long wall0 = System.nanoTime();

    Duration cpu = Await.value("1.5 s of CPU used", WAIT, () -> isolator.usage("fw/busy").orElseThrow().cpuTime()
        .minus(cpu0), d -> d.toMillis() >= 1500);
    double wallSeconds = (System.nanoTime() - wall0) / 1e9;

    double cores = cpu.toNanos() / 1e9 / wallSeconds;
    assertTrue(cores <= 0.6, "used " + cores + " of a core over " + wallSeconds + " s");
  }

  /** A fork bomb inside a pids limit of 32: forks fail, the count stays at the limit, the JVM is fine. */
  @Test
  void aForkBombIsStoppedByThePidsLimit() throws Exception {
    CgroupsIsolator small = Machine.cgroups(Machine.testConfig().withPidsLimit(32));
    IsolationRequest r = request("fw/bomb", "cpus:0.5;mem:64");
    // Bounded even outside a cgroup (2^11 sleeps at most), unbounded for a pids limit of 32.
    start(small, r, "b() { [ $1 -gt 0 ] || exec sleep 60; b $(($1 - 1)) & b $(($1 - 1)); }; b 11");

    Path events = groupFile(small, "fw/bomb", "pids.events");
    Await.until("the pids limit refused a fork", WAIT,
        () -> CgroupFiles.readKeyed(events).getOrDefault("max", 0L) > 0);
    for (int i = 0; i < 5; i++) {
      int count = small.usage("fw/bomb").orElseThrow().processes();
      assertTrue(count <= 32, count + " processes under a pids limit of 32");
    }

    Process probe = new ProcessBuilder("true").start();
    assertTrue(probe.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, probe.exitValue());

    small.destroy("fw/bomb");
    started.remove("fw/bomb");
    assertFalse(small.layout().exists(GroupName.of("fw/bomb")));
  }

  @Test
  void destroyKillsADoubleForkedDaemon() throws Exception {
    IsolationRequest r = request("fw/daemon", "cpus:0.5;mem:32");
    Process main = start(r, "setsid sh -c 'sleep 300 & echo $! > daemon.pid' & exec sleep 300");
    long daemon = Await.value("the daemon's pid", WAIT, () -> readPid(r.sandbox().resolve("daemon.pid")),
        Optional::isPresent).orElseThrow();
    assertTrue(Machine.alive(daemon));
    assertTrue(isolator.layout().processes(GroupName.of("fw/daemon")).contains(daemon));

    isolator.destroy("fw/daemon");

    assertFalse(Machine.alive(daemon), "daemon " + daemon + " survived");
    assertTrue(main.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertFalse(isolator.layout().exists(GroupName.of("fw/daemon")));
    assertEquals(Optional.empty(), isolator.destroy("fw/daemon"), "a second destroy does nothing");
  }

  static Optional<Long> readPid(Path file) {
    return CgroupFiles.read(file).filter(s -> s.matches("[0-9]+")).map(Long::parseLong);
  }

  @Test
  void reportsUsageOfARunningContainer() throws Exception {
    start(request("fw/usage", "cpus:1;mem:64"), "sleep 30 & sleep 30 & wait");

    // Three processes may be there a moment before the kernel has charged them memory and CPU time.
    ContainerUsage usage = Await.value("three processes, charged", WAIT,
        () -> isolator.usage("fw/usage").orElseThrow(),
        u -> u.processes() == 3 && u.memoryBytes() > 0 && u.cpuTime().toNanos() > 0);

    assertEquals(64L << 20, usage.memoryLimitBytes().orElseThrow());
    assertTrue(usage.memoryBytes() > 0, usage.toString());
    assertTrue(usage.cpuTime().toNanos() > 0, usage.toString());
    assertEquals(Optional.empty(), isolator.limitReached("fw/usage"));
    assertEquals(Optional.empty(), isolator.usage("fw/unknown"));
  }

  @Test
  void recoverDestroysLeftoverGroupsAndKeepsKnownOnes() throws Exception {
    IsolationRequest kept = request("fw/kept", "cpus:0.5;mem:32");
    IsolationRequest leftover = request("fw/leftover", "cpus:0.5;mem:32");
    start(kept, "exec sleep 300");
    start(leftover, "sleep 300 & exec sleep 300");
    Await.until("both running", WAIT, () -> isolator.usage("fw/leftover").orElseThrow().processes() == 2
        && isolator.usage("fw/kept").orElseThrow().processes() == 1);
    Set<Long> leftoverPids = isolator.layout().processes(GroupName.of("fw/leftover"));

    CgroupsIsolator restarted = CgroupsIsolator.open(Machine.testConfig()); // a new agent process
    Set<String> destroyed = restarted.recover(List.of(kept));

    assertEquals(Set.of(GroupName.of("fw/leftover")), destroyed);
    leftoverPids.forEach(pid -> assertFalse(Machine.alive(pid), "leftover process " + pid + " survived"));
    assertFalse(isolator.layout().exists(GroupName.of("fw/leftover")));
    assertEquals(1, restarted.usage("fw/kept").orElseThrow().processes());
  }

  @Test
  void refusesToPrepareAContainerWhoseGroupStillHasProcesses() throws Exception {
    IsolationRequest r = request("fw/twice", "cpus:0.5;mem:32");
    start(r, "exec sleep 300");
    Await.until("running", WAIT, () -> isolator.usage("fw/twice").orElseThrow().processes() == 1);

    IsolationException e = assertThrows(IsolationException.class, () -> isolator.prepare(r));

    assertTrue(e.getMessage().contains("fw/twice") && e.getMessage().contains("already has processes"),
        e.getMessage());
  }

  @Test
  void aContainerWithoutCpusOrMemGetsNoSuchLimits() throws Exception {
    start(request("fw/none", "disk:10"), "exec sleep 300");
    ContainerUsage usage = Await.value("running", WAIT, () -> isolator.usage("fw/none").orElseThrow(),
        u -> u.processes() == 1);
    assertTrue(usage.memoryLimitBytes().isEmpty(), usage.toString());
  }
}
