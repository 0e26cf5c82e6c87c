package io.meseta.slave.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.Command;
import io.meseta.core.task.TaskSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {
  private static final FrameworkId FW = FrameworkId.of("fw-1");
  private static final AgentId AGENT = AgentId.of("agent-7");

  private static TaskSpec spec(String resources, Map<String, String> env) {
    return new TaskSpec(TaskId.of("task-1"), "web", AGENT, Resources.parse(resources),
        Command.shell("true").withEnvironment(env), Map.of(), Optional.empty());
  }

  @Test
  void setsEveryMesetaVariable() {
    Path sandbox = Path.of("/work/sandboxes/fw-1/task-1");
    Map<String, String> env = TaskEnvironment.of(FW, AGENT,
        spec("cpus:0.5;mem:128;disk:1024;ports:[31000-31002,31010-31010]", Map.of()), sandbox);

    assertEquals(Map.of(
        "MESETA_TASK_ID", "task-1",
        "MESETA_FRAMEWORK_ID", "fw-1",
        "MESETA_AGENT_ID", "agent-7",
        "MESETA_SANDBOX", "/work/sandboxes/fw-1/task-1",
        "MESETA_CPUS", "0.5",
        "MESETA_MEM", "128",
        "MESETA_DISK", "1024",
        "MESETA_PORTS", "31000-31002,31010",
        "MESETA_RESOURCES", Resources.parse("cpus:0.5;mem:128;disk:1024;ports:[31000-31002,31010]").toString()),
        env);
  }

  @Test
  void keepsTheCommandsVariablesButMesetaOnesWin() {
    Map<String, String> env = TaskEnvironment.of(FW, AGENT,
        spec("cpus:1;mem:32", Map.of("JAVA_OPTS", "-Xmx16m", "MESETA_TASK_ID", "spoofed")), Path.of("/s"));

    assertEquals("-Xmx16m", env.get("JAVA_OPTS"));
    assertEquals("task-1", env.get("MESETA_TASK_ID"));
  }

  @Test
  void portsAreEmptyWithoutPortsAndUnsetScalarsAreZero() {
    Map<String, String> env = TaskEnvironment.of(FW, AGENT, spec("cpus:2;mem:32", Map.of()), Path.of("/s"));

    assertEquals("", env.get("MESETA_PORTS"));
    assertEquals("2", env.get("MESETA_CPUS"));
    assertEquals("0", env.get("MESETA_DISK"));
  }

  @Test
  void sandboxIsMadeAbsolute() {
    Map<String, String> env = TaskEnvironment.of(FW, AGENT, spec("cpus:1", Map.of()), Path.of("relative/box"));

    assertEquals(Path.of("relative/box").toAbsolutePath().toString(), env.get("MESETA_SANDBOX"));
  }

  @Test
  void amountsHaveNoExponentAndNoTrailingZeros() {
    assertEquals("2", TaskEnvironment.amount(2.0));
    assertEquals("0.25", TaskEnvironment.amount(0.25));
    assertEquals("10000000", TaskEnvironment.amount(1.0e7));
  }

  @Test
  void singlePortsAndRangesAreJoinedInOrder() {
    assertEquals("80,443,8000-8080",
        TaskEnvironment.ports(Resources.parse("ports:[8000-8080,443,80]")));
  }
}
