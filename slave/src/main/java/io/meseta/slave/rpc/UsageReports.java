package io.meseta.slave.rpc;

import io.meseta.protocol.thrift.ResourceUsage;
import io.meseta.protocol.thrift.TaskUsage;
import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.status.TaskKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The usage of running tasks' containers as the heartbeat carries it to the master. */
public final class UsageReports {
  private UsageReports() {}

  /** One entry per task, in key order, all stamped {@code sampledAtMillis}. */
  public static List<TaskUsage> toWire(Map<TaskKey, ContainerUsage> usage, long sampledAtMillis) {
    List<TaskUsage> out = new ArrayList<>();
    usage.forEach((key, u) -> {
      ResourceUsage w = new ResourceUsage(u.cpuTime().toNanos() / 1e9, u.memoryBytes(), u.processes(),
          sampledAtMillis);
      u.memoryLimitBytes().ifPresent(w::setMemoryLimitBytes);
      out.add(new TaskUsage(key.frameworkId().value(), key.taskId().value(), w));
    });
    return out;
  }
}
