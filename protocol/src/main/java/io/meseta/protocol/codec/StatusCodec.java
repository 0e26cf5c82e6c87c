package io.meseta.protocol.codec;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import java.util.Optional;
import java.util.OptionalInt;

/** Converts task states and status updates between the wire and core types. */
public final class StatusCodec {
  private StatusCodec() {}

  public static TaskState stateFromWire(io.meseta.protocol.thrift.TaskState wire) {
    if (wire == null) {
      throw new IllegalArgumentException("task state is missing or unknown to this peer");
    }
    return TaskState.valueOf(wire.name());
  }

  public static io.meseta.protocol.thrift.TaskState stateToWire(TaskState state) {
    return io.meseta.protocol.thrift.TaskState.valueOf(state.name());
  }

  public static io.meseta.protocol.thrift.TaskStatus toWire(TaskStatus s) {
    io.meseta.protocol.thrift.TaskStatus w = new io.meseta.protocol.thrift.TaskStatus()
        .setTaskId(s.taskId().value())
        .setState(stateToWire(s.state()))
        .setTimestampMillis(s.timestampMillis());
    if (s.agentId() != null) {
      w.setAgentId(s.agentId().value());
    }
    if (s.frameworkId() != null) {
      w.setFrameworkId(s.frameworkId().value());
    }
    if (!s.reason().isEmpty()) {
      w.setReason(s.reason());
    }
    if (!s.message().isEmpty()) {
      w.setMessage(s.message());
    }
    s.exitCode().ifPresent(w::setExitCode);
    s.updateId().ifPresent(w::setUpdateId);
    return w;
  }

  /**
   * @throws IllegalArgumentException naming the missing or invalid field
   */
  public static TaskStatus fromWire(io.meseta.protocol.thrift.TaskStatus w) {
    if (w == null) {
      throw new IllegalArgumentException("status is missing");
    }
    return new TaskStatus(
        TaskId.of(w.getTaskId()),
        w.isSetFrameworkId() ? FrameworkId.of(w.getFrameworkId()) : null,
        w.isSetAgentId() ? AgentId.of(w.getAgentId()) : null,
        stateFromWire(w.getState()),
        w.getReason(),
        w.getMessage(),
        w.isSetExitCode() ? OptionalInt.of(w.getExitCode()) : OptionalInt.empty(),
        w.getTimestampMillis(),
        Optional.ofNullable(w.getUpdateId()));
  }
}
