package io.meseta.master.rpc;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.master.registry.TaskKey;
import io.meseta.master.registry.UsageSample;
import io.meseta.protocol.thrift.ResourceUsage;
import io.meseta.protocol.thrift.TaskUsage;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Converts task usage between the wire and the master's {@link UsageSample}. */
final class UsageCodec {
  private UsageCodec() {}

  /**
   * The usage an agent reports with its heartbeat, by task.
   *
   * @throws IllegalArgumentException naming the task whose entry is malformed or repeated
   */
  static Map<TaskKey, UsageSample> fromWire(List<TaskUsage> wire) {
    Map<TaskKey, UsageSample> out = new TreeMap<>();
    if (wire == null) {
      return out;
    }
    for (TaskUsage u : wire) {
      if (u == null || u.getUsage() == null) {
        throw new IllegalArgumentException("a usage report has no usage");
      }
      TaskKey key = new TaskKey(FrameworkId.of(u.getFrameworkId()), TaskId.of(u.getTaskId()));
      UsageSample sample;
      try {
        sample = fromWire(u.getUsage());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("usage of task " + key.task() + ": " + e.getMessage(), e);
      }
      if (out.put(key, sample) != null) {
        throw new IllegalArgumentException("usage of task " + key.task() + " of framework " + key.framework()
            + " is reported twice");
      }
    }
    return out;
  }

  static UsageSample fromWire(ResourceUsage u) {
    return new UsageSample(u.getCpuSeconds(), u.getMemoryBytes(),
        u.isSetMemoryLimitBytes() ? OptionalLong.of(u.getMemoryLimitBytes()) : OptionalLong.empty(),
        u.getProcesses(), u.getSampledAtMillis());
  }

  static ResourceUsage toWire(UsageSample s) {
    ResourceUsage u = new ResourceUsage(s.cpuSeconds(), s.memoryBytes(), s.processes(), s.sampledAtMillis());
    s.memoryLimitBytes().ifPresent(u::setMemoryLimitBytes);
    return u;
  }
}
