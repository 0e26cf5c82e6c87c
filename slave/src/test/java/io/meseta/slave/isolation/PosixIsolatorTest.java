package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The posix fallback with real processes; needs Linux, not root. */
class PosixIsolatorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  private final PosixIsolator isolator = new PosixIsolator();
  private final List<String> started = new ArrayList<>();

  @BeforeEach
  void linux() {
    Machine.assumeLinux();
  }

  @AfterEach
  void destroyAll() throws Exception {
    for (String id : started) {
      isolator.destroy(id);
    }
  }

  private IsolationRequest request(String id, String resources) {
    return IsolationRequest.of(id, tmp.resolve(GroupName.of(id)), Resources.parse(resources));
  }

  private Process start(IsolationRequest r, String shell) throws Exception {
    started.add(r.containerId());
    return TestLauncher.start(isolator, r, shell);
  }

  @Test
  void aContainerOverItsMemoryIsReportedAndKilledByTheMonitor() throws Exception {
    IsolationRequest r = request("fw/hog", "cpus:1;mem:64");
    Process p = start(r, "perl -e '$x = \"x\" x (200 * 1024 * 1024); sleep 300'");
    Map<String, LimitEvent> reported = new ConcurrentHashMap<>();
    LimitMonitor monitor = new LimitMonitor(isolator, reported::put);
    monitor.watch("fw/hog");

    Await.until("the monitor saw the limit", WAIT, () -> monitor.checkAll() > 0);

    LimitEvent event = reported.get("fw/hog");
    assertEquals("MEMORY_LIMIT", event.reason());
    assertEquals(64L << 20, event.limitBytes());
    assertTrue(event.usageBytes() > (64L << 20), event.toString());
    assertTrue(event.message().contains("limit of 64 MB") && event.message().contains("fw/hog"), event.message());
    assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the monitor did not kill the container");
    assertEquals(Set.of(), monitor.watched());
    assertEquals(Optional.of(event), isolator.destroy("fw/hog"));
  }

  @Test
  void theMonitorPollsOnItsExecutor() throws Exception {
    start(request("fw/polled", "mem:32"), "perl -e '$x = \"x\" x (100 * 1024 * 1024); sleep 300'");
    Map<String, LimitEvent> reported = new ConcurrentHashMap<>();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try (LimitMonitor monitor = new LimitMonitor(isolator, reported::put)) {
      monitor.watch("fw/polled");
      monitor.start(executor, Duration.ofMillis(50));

      Await.until("a limit reported", WAIT, () -> reported.containsKey("fw/polled"));
      Await.until("the container killed", WAIT, () -> isolator.usage("fw/polled").orElseThrow().processes() == 0);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void reportsUsageOfTheProcessTree() throws Exception {
    start(request("fw/tree", "cpus:1;mem:64"), "sleep 30 & sleep 30 & wait");

    ContainerUsage usage = Await.value("three processes", WAIT, () -> isolator.usage("fw/tree").orElseThrow(),
        u -> u.processes() == 3);

    assertTrue(usage.memoryBytes() > 0, usage.toString());
    assertEquals(64L << 20, usage.memoryLimitBytes().orElseThrow());
    assertEquals(Optional.empty(), isolator.limitReached("fw/tree"));
  }

  @Test
  void destroyKillsADoubleForkedDaemon() throws Exception {
    IsolationRequest r = request("fw/daemon", "mem:64");
    Process main = start(r, "setsid sh -c 'sleep 300 & echo $! > daemon.pid' & exec sleep 300");
    long daemon = Await.value("the daemon's pid", WAIT, () -> CgroupsIsolatorTest.readPid(r.sandbox()
        .resolve("daemon.pid")), Optional::isPresent).orElseThrow();

    isolator.destroy("fw/daemon");

    assertFalse(Machine.alive(daemon), "daemon " + daemon + " survived");
    assertTrue(main.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void recoverKillsContainersTheAgentNoLongerKnows() throws Exception {
    IsolationRequest kept = request("fw/kept", "mem:64");
    start(kept, "exec sleep 300");
    Process left = start(request("fw/left", "mem:64"), "exec sleep 300");
    Await.until("both running", WAIT, () -> isolator.usage("fw/left").orElseThrow().processes() == 1
        && isolator.usage("fw/kept").orElseThrow().processes() == 1);

    PosixIsolator restarted = new PosixIsolator();
    assertEquals(Set.of("fw/left"), restarted.recover(List.of(kept)));

    assertTrue(left.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(1, restarted.usage("fw/kept").orElseThrow().processes());
  }
}
