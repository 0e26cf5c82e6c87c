package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meseta.core.resources.Resources;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 layout's groups, joining, CPU accounting, {@code cgroup.kill} and recovery, on a hybrid
 * host's cgroup2 mount (whose cpu, memory and pids controllers are bound to v1, so no limits are
 * written). On a pure v2 host
 * {@link CgroupsIsolatorTest} covers v2 with limits and this test skips.
 */
class CgroupV2LayoutTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  private CgroupsIsolator isolator;
  private final List<String> started = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    Machine.assumeRoot();
    Path root = CgroupMounts.read().stream()
        .filter(m -> m.type().equals("cgroup2") && !CgroupFiles.read(m.mountPoint().resolve("cgroup.controllers"))
            .map(t -> Set.of(t.split("\\s+")).containsAll(CgroupV2Layout.CONTROLLERS)).orElse(true))
        .map(CgroupMounts.Mount::mountPoint).findFirst().orElse(null);
    assumeTrue(root != null, "needs a cgroup2 mount without the cpu, memory and pids controllers (a hybrid host);"
        + " none in mountinfo");
    CgroupV2Layout layout = new CgroupV2Layout(root, Machine.testConfig().cgroupParent(), Set.of());
    layout.init();
    isolator = new CgroupsIsolator(layout, 64);
  }

  @AfterEach
  void destroyAll() throws Exception {
    if (isolator != null) {
      for (String id : started) {
        isolator.destroy(id);
      }
      Machine.removeParents(isolator);
    }
  }

  private IsolationRequest request(String id) {
    return IsolationRequest.of(id, tmp.resolve(GroupName.of(id)), Resources.parse("cpus:1;mem:32"));
  }

  private void start(IsolationRequest r, String shell) throws Exception {
    started.add(r.containerId());
    TestLauncher.start(isolator, r, shell);
  }

  @Test
  void joinsTheGroupCountsCpuAndKillsADoubleForkedDaemon() throws Exception {
    IsolationRequest r = request("fw/v2daemon");
    start(r, "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; setsid sh -c 'sleep 300 & echo $! > daemon.pid' &"
        + " exec sleep 300");
    long daemon = Await.value("the daemon's pid", WAIT, () -> CgroupsIsolatorTest.readPid(r.sandbox()
        .resolve("daemon.pid")), Optional::isPresent).orElseThrow();
    assertTrue(isolator.layout().processes(GroupName.of("fw/v2daemon")).contains(daemon));
    assertTrue(Files.exists(isolator.layout().groupDirs(GroupName.of("fw/v2daemon")).get(0).resolve("cgroup.kill")));
    ContainerUsage usage = isolator.usage("fw/v2daemon").orElseThrow();
    assertTrue(usage.cpuTime().toNanos() > 0, usage.toString());
    assertTrue(usage.memoryLimitBytes().isEmpty(), "no memory controller here: " + usage);

    isolator.destroy("fw/v2daemon");

    assertFalse(Machine.alive(daemon), "daemon " + daemon + " survived");
    assertFalse(isolator.layout().exists(GroupName.of("fw/v2daemon")));
  }

  @Test
  void recoverDestroysLeftoverGroups() throws Exception {
    IsolationRequest kept = request("fw/v2kept");
    start(kept, "exec sleep 300");
    start(request("fw/v2left"), "exec sleep 300");
    Await.until("both running", WAIT, () -> isolator.usage("fw/v2left").orElseThrow().processes() == 1
        && isolator.usage("fw/v2kept").orElseThrow().processes() == 1);

    assertEquals(Set.of("fw%2Fv2left"), isolator.recover(List.of(kept)));

    assertFalse(isolator.layout().exists("fw%2Fv2left"));
    assertEquals(1, isolator.usage("fw/v2kept").orElseThrow().processes());
  }
}
