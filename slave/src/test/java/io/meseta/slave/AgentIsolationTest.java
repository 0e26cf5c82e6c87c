package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.codahale.metrics.Gauge;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.Command;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.slave.containerizer.ProcessProbe;
import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.isolation.IsolationConfig;
import io.meseta.slave.isolation.IsolationException;
import io.meseta.slave.isolation.CgroupsIsolator;
import io.meseta.slave.status.TaskKey;
import io.meseta.core.task.StatusReasons;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks in isolated containers, through a real agent: limits reported, a pid namespace, nothing
 * left behind after a kill or an agent restart, usage sampled. Needs root and cgroups (the posix
 * fallback test only Linux); skips with a message otherwise.
 */
class AgentIsolationTest {
  private static final TaskKey T1 = new TaskKey(FrameworkId.of(FW), TaskId.of("t1"));

  @TempDir
  Path workDir;

  private AgentHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static void assumeCgroups() {
    assumeTrue(Isolation.cgroupsUsable(), "needs root and a usable cgroup file system at /sys/fs/cgroup");
  }

  private void start(UnaryOperator<AgentConfig.Builder> tweak) throws Exception {
    h = AgentHarness.start(workDir, tweak);
  }

  /** The isolation a real agent picks here: cgroups, disk/du, namespaces/pid, filesystem. */
  private void startDetected() throws Exception {
    assumeCgroups();
    start(AgentConfig.Builder::detectIsolation);
    assertEquals(List.of("cgroups", "disk/du", "namespaces/pid", "filesystem"), h.agent.isolators());
  }

  private static void assertMentions(String text, String... fragments) {
    for (String f : fragments) {
      assertTrue(text.contains(f), "'" + text + "' should mention '" + f + "'");
    }
  }

  @Test
  void aTaskAllocatingFourTimesItsMemoryFailsWithTheMemoryReason() throws Exception {
    startDetected();
    h.launch(h.task("t1", "cpus:0.5;mem:32", Command.shell("dd if=/dev/zero of=/dev/null bs=128M count=1")));

    TaskStatus failed = h.ackUntil("t1", TaskState.FAILED);

    assertEquals(StatusReasons.MEMORY_LIMIT, failed.getReason(), failed.toString());
    assertMentions(failed.getMessage(), "memory limit", "limit 32 MB");
    assertEquals(137, failed.getExitCode(), "the OOM killer's SIGKILL");
  }

  @Test
  void psInATaskShowsOnlyItsOwnProcesses() throws Exception {
    startDetected();
    h.launch(h.task("t1", "ps -e -o pid=,comm="));

    h.ackUntil("t1", TaskState.FINISHED);

    List<String> lines = Files.readAllLines(h.sandbox("t1").resolve("stdout"));
    assertTrue(lines.size() >= 2 && lines.size() <= 4, "the namespace's init, the task's shell and ps: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("1 ")), "pid 1 is the namespace's init: " + lines);
    assertTrue(lines.stream().noneMatch(l -> l.contains("java")), "the agent is not visible: " + lines);
  }

  @ParameterizedTest(name = "isolation {0}")
  @ValueSource(strings = {"detected", "cgroups"})
  void aKilledTaskLeavesNoDoubleForkedDaemonBehind(String isolation) throws Exception {
    assumeCgroups();
    start(b -> isolation.equals("detected") ? b.detectIsolation() : b.isolation(isolation));
    String daemon = "sleep 2718281";
    // The daemon leaves the task's process group and session and is orphaned at once.
    h.launch(h.task("t1", "sh -c 'setsid " + daemon + " > /dev/null 2>&1 &'; touch started; exec sleep 300"));
    Await.until("the task started its daemon", WAIT, () -> Files.exists(h.sandbox("t1").resolve("started"))
        && !ProcessProbe.withCommandLine(daemon).isEmpty());
    List<Long> daemons = ProcessProbe.withCommandLine(daemon);

    h.client.killTask(new AgentKillTaskRequest(FW, "t1"));

    h.ackUntil("t1", TaskState.KILLED);
    assertEquals(List.of(), ProcessProbe.withCommandLine(daemon), "the daemon " + daemons + " is gone");
  }

  @Test
  void usageOfARunningTaskIsSampledAndPublishedAsGauges() throws Exception {
    startDetected();
    h.launch(h.task("t1", "cpus:0.5;mem:24", Command.shell("exec sleep 300")));
    h.ackUntil("t1", TaskState.RUNNING);

    ContainerUsage usage = Await.value("usage of t1", WAIT, () -> h.agent.usage().get(T1),
        u -> u != null && u.processes() >= 1 && u.memoryBytes() > 0);

    assertEquals(24L << 20, usage.memoryLimitBytes().orElseThrow());
    Map<String, Gauge> gauges = h.agent.metrics().getGauges();
    assertEquals(24L << 20, gauges.get("containers.fw-1/t1.memory_limit_bytes").getValue());
    assertTrue((Integer) gauges.get("containers.fw-1/t1.processes").getValue() >= 1, gauges.keySet().toString());

    h.client.killTask(new AgentKillTaskRequest(FW, "t1"));
    h.ackUntil("t1", TaskState.KILLED);
    Await.until("the gauges of t1 are gone", WAIT,
        () -> h.agent.metrics().getGauges().keySet().stream().noneMatch(n -> n.startsWith("containers.fw-1/t1.")));
  }

  @Test
  void theContainerOfATaskTheRestartedAgentDoesNotKnowIsDestroyedAndKnownOnesKeepTheirLimits() throws Exception {
    assumeCgroups();
    start(UnaryOperator.identity()); // cgroups without a pid namespace: the test reads host pids
    h.launch(h.task("t1", "echo $$ > pid; exec sleep 300"),
        h.task("t2", "cpus:0.5;mem:16", Command.shell(
            "echo $$ > pid; until [ -e go ]; do sleep 0.05; done; dd if=/dev/zero of=/dev/null bs=64M count=1")));
    long unknown = h.awaitPid("t1", "pid");
    long known = h.awaitPid("t2", "pid");
    h.ackUntil("t1", TaskState.RUNNING);
    h.ackUntil("t2", TaskState.RUNNING);
    IsolationConfig cgroups = h.agent.config().isolationConfig();
    h.crash();
    // The restarted agent will know nothing of t1: no checkpoint, no stored updates.
    Files.delete(workDir.resolve("meta/tasks/" + FW + "/t1.json"));
    Files.deleteIfExists(workDir.resolve("meta/updates/" + FW + "/t1.json"));
    assertTrue(groupExists(cgroups, "fw-1/t1"), "t1's cgroup is there before the restart");

    h = h.restart();

    assertFalse(ProcessProbe.running(unknown), "the unknown task's process " + unknown + " was killed");
    assertFalse(groupExists(cgroups, "fw-1/t1"), "the unknown task's cgroup was removed");
    assertTrue(ProcessProbe.running(known), "the known task runs on");
    assertTrue(groupExists(cgroups, "fw-1/t2"), "the known task keeps its cgroup");

    Files.createFile(h.sandbox("t2").resolve("go"));
    TaskStatus failed = h.ackUntil("t2", TaskState.FAILED);
    assertEquals(StatusReasons.MEMORY_LIMIT, failed.getReason(), failed.toString());
    assertMentions(failed.getMessage(), "limit 16 MB");
  }

  @Test
  void thePosixFallbackKillsATaskOverItsMemoryLimit() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux: /proc is missing");
    start(b -> b.isolation("posix"));
    // Allocates 128 MB once and copies through it until killed.
    h.launch(h.task("t1", "cpus:0.5;mem:32", Command.shell("exec dd if=/dev/zero of=/dev/null bs=128M")));

    TaskStatus failed = h.ackUntil("t1", TaskState.FAILED);

    assertEquals(StatusReasons.MEMORY_LIMIT, failed.getReason(), failed.toString());
    assertMentions(failed.getMessage(), "memory limit exceeded", "limit of 32 MB");
  }

  @Test
  void aTaskWhoseSandboxOutgrowsItsDiskFailsWithTheDiskReason() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux: /proc is missing");
    start(b -> b.diskPollInterval(java.time.Duration.ofMillis(100)));
    h.launch(h.task("t1", "cpus:0.1;mem:32;disk:1", Command.shell("head -c 4194304 /dev/zero > big; exec sleep 300")));

    TaskStatus failed = h.ackUntil("t1", TaskState.FAILED);

    assertEquals(StatusReasons.DISK_LIMIT, failed.getReason(), failed.toString());
    // the poll may catch the file while it is still being written: any size over the quota
    assertMentions(failed.getMessage(), "disk quota exceeded", "holds ", "over its quota of 1 MB");
  }

  /** Whether the cgroup of {@code containerId} exists under the agent's parent (in whatever layout). */
  private static boolean groupExists(IsolationConfig config, String containerId) throws IsolationException {
    return CgroupsIsolator.open(config).usage(containerId).isPresent();
  }
}
