package io.meseta.slave.task;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Range;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The variables a task finds in its environment on top of the agent's own: the command's, then
 * the MESETA_* ones (which win): MESETA_TASK_ID, MESETA_FRAMEWORK_ID, MESETA_AGENT_ID,
 * MESETA_SANDBOX (absolute), MESETA_CPUS, MESETA_MEM (MB), MESETA_DISK (MB), MESETA_PORTS
 * (e.g. {@code 31000-31002,31010}; empty without ports) and MESETA_RESOURCES (the text form).
 */
public final class TaskEnvironment {
  private TaskEnvironment() {}

  public static Map<String, String> of(FrameworkId frameworkId, AgentId agentId, TaskSpec spec, Path sandbox) {
    Map<String, String> env = new TreeMap<>(spec.command().environment());
    Resources r = spec.resources();
    env.put("MESETA_TASK_ID", spec.taskId().value());
    env.put("MESETA_FRAMEWORK_ID", frameworkId.value());
    env.put("MESETA_AGENT_ID", agentId.value());
    env.put("MESETA_SANDBOX", sandbox.toAbsolutePath().toString());
    env.put("MESETA_CPUS", amount(r.cpus()));
    env.put("MESETA_MEM", amount(r.mem()));
    env.put("MESETA_DISK", amount(r.disk()));
    env.put("MESETA_PORTS", ports(r));
    env.put("MESETA_RESOURCES", r.toString());
    return env;
  }

  /** {@code 2}, {@code 0.5}: no exponent, no trailing zeros. */
  static String amount(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** {@code 31000-31002,31010}, or empty. */
  static String ports(Resources r) {
    StringJoiner j = new StringJoiner(",");
    for (Range range : r.ports().ranges()) {
      j.add(range.first() == range.last() ? Long.toString(range.first()) : range.first() + "-" + range.last());
    }
    return j.toString();
  }
}
