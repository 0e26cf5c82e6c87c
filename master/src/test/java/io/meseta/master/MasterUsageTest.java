package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskState;
import io.meseta.master.registry.TaskKey;
import io.meseta.master.registry.UsageSample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage reported with agents' heartbeats, and agents' HTTP ports, as the master keeps and shows them. */
class MasterUsageTest {
  private final MasterHarness h = new MasterHarness();
  private AgentId agent;
  private FrameworkId f;

  @BeforeEach
  void launchTwoTasks() {
    agent = h.master.registerAgent(new AgentRegistration(Optional.empty(), "host1", 5051,
        Resources.parse("cpus:4;mem:4096"), new TreeMap<>(), List.of(), OptionalInt.of(5081)));
    f = h.framework("fw", "*");
    h.master.allocate();
    OfferId offer = OfferId.of(h.offers(f).get(0).getOfferId());
    h.master.accept(f, List.of(offer), List.of(MasterHarness.task("t1", agent, "cpus:1;mem:512"),
        MasterHarness.task("t2", agent, "cpus:1;mem:512")), Optional.of(Duration.ZERO));
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.RUNNING, "u1"));
    h.master.statusUpdate(agent, f, MasterHarness.status("t2", TaskState.RUNNING, "u2"));
  }

  private TaskKey key(String task) {
    return new TaskKey(f, TaskId.of(task));
  }

  private static UsageSample sample(double cpu, long mem, long at) {
    return new UsageSample(cpu, mem, OptionalLong.of(512L << 20), 3, at);
  }

  private Optional<UsageSample> usageOf(String task) {
    return h.master.snapshot(true).tasks().stream().filter(t -> t.id().value().equals(task)).findFirst()
        .orElseThrow().usage();
  }

  @Test
  void theLatestUsageOfEachTaskIsKeptAndShownInTheSnapshot() {
    assertEquals(Optional.empty(), usageOf("t1"), "no usage before the first report");

    h.master.agentHeartbeat(agent, Map.of(key("t1"), sample(1.5, 100 << 20, 1_000)));
    h.master.agentHeartbeat(agent, Map.of(key("t1"), sample(2.5, 120 << 20, 2_000),
        key("t2"), sample(0.1, 5 << 20, 2_000)));

    assertEquals(Optional.of(sample(2.5, 120 << 20, 2_000)), usageOf("t1"));
    assertEquals(Optional.of(sample(0.1, 5 << 20, 2_000)), usageOf("t2"));
    assertEquals(3, h.metrics.usageReports.getCount());
  }

  @Test
  void anOlderSampleDoesNotReplaceANewerOne() {
    h.master.agentHeartbeat(agent, Map.of(key("t1"), sample(2.5, 120 << 20, 2_000)));
    h.master.agentHeartbeat(agent, Map.of(key("t1"), sample(1.0, 10 << 20, 1_500)));

    assertEquals(Optional.of(sample(2.5, 120 << 20, 2_000)), usageOf("t1"));
  }

  @Test
  void usageOfTasksTheAgentDoesNotRunIsSkippedAndTheHeartbeatStillCounts() {
    h.clock.advance(Duration.ofMillis(2_500));
    h.master.agentHeartbeat(agent, Map.of(new TaskKey(f, TaskId.of("nope")), sample(1, 1, 1),
        new TaskKey(FrameworkId.of("other"), TaskId.of("t1")), sample(1, 1, 1)));
    h.clock.advance(Duration.ofMillis(2_500));
    h.master.checkAgents();

    assertEquals(1, h.master.activeAgents(), "the heartbeat kept the agent");
    assertEquals(Optional.empty(), usageOf("t1"));
    assertEquals(0, h.metrics.usageReports.getCount());
  }

  @Test
  void anEndedTaskKeepsItsLastUsageInTheStateView() {
    h.master.agentHeartbeat(agent, Map.of(key("t1"), sample(4.0, 300 << 20, 3_000)));
    h.master.statusUpdate(agent, f, MasterHarness.status("t1", TaskState.FINISHED, "u3"));

    assertEquals(Optional.of(sample(4.0, 300 << 20, 3_000)), usageOf("t1"));
  }

  @Test
  void anUnknownAgentsHeartbeatWithUsageIsRefusedAndChangesNothing() {
    CallRejected e = assertThrows(CallRejected.class,
        () -> h.master.agentHeartbeat(AgentId.of("S999"), Map.of(key("t1"), sample(1, 1, 1))));
    assertEquals(CallRejected.Reason.UNKNOWN_AGENT, e.reason());
    assertEquals(Optional.empty(), usageOf("t1"));
  }

  @Test
  void theAgentsHttpPortIsShownAndFollowsItsReregistration() {
    assertEquals(OptionalInt.of(5081), h.master.snapshot(false).agents().get(0).httpPort());

    h.master.registerAgent(new AgentRegistration(Optional.of(agent), "host1", 5051,
        Resources.parse("cpus:4;mem:4096"), new TreeMap<>(), List.of(MasterHarness.running(f,
            MasterHarness.task("t1", agent, "cpus:1;mem:512")), MasterHarness.running(f,
            MasterHarness.task("t2", agent, "cpus:1;mem:512"))), OptionalInt.of(6000)));

    assertEquals(OptionalInt.of(6000), h.master.snapshot(false).agents().get(0).httpPort());
  }

  @Test
  void badUsageAndBadHttpPortsAreRefusedNamingTheProblem() {
    IllegalArgumentException mem = assertThrows(IllegalArgumentException.class,
        () -> new UsageSample(1, -5, OptionalLong.empty(), 1, 0));
    assertTrue(mem.getMessage().contains("memory in use must not be negative"), mem.getMessage());
    IllegalArgumentException cpu = assertThrows(IllegalArgumentException.class,
        () -> new UsageSample(Double.NaN, 5, OptionalLong.empty(), 1, 0));
    assertTrue(cpu.getMessage().contains("cpu seconds"), cpu.getMessage());
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
        () -> new AgentRegistration(Optional.empty(), "h", 5051, Resources.parse("cpus:1"), new TreeMap<>(),
            List.of(), OptionalInt.of(70_000)));
    assertTrue(port.getMessage().contains("HTTP port must be between 1 and 65535, got 70000"), port.getMessage());
  }
}
