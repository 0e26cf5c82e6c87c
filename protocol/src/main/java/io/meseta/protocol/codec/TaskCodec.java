package io.meseta.protocol.codec;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.Command;
import io.meseta.core.task.FetchUri;
import io.meseta.core.task.TaskSpec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.CommandUri;
import io.meseta.protocol.thrift.TaskInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts task descriptions between the wire and core types. */
public final class TaskCodec {
  private TaskCodec() {}

  /**
   * @throws IllegalArgumentException naming the task and the field that is missing or invalid
   */
  public static TaskSpec fromWire(TaskInfo w) {
    if (w == null) {
      throw new IllegalArgumentException("a task is missing");
    }
    if (w.getTaskId() == null) {
      throw new IllegalArgumentException("a task has no task id");
    }
    String id = w.getTaskId();
    try {
      if (w.getAgentId() == null) {
        throw new IllegalArgumentException("no agent id");
      }
      if (w.getCommand() == null) {
        throw new IllegalArgumentException("no command");
      }
      Optional<Duration> grace = Optional.empty();
      if (w.isSetKillGracePeriodSeconds()) {
        double s = w.getKillGracePeriodSeconds();
        if (!(s >= 0) || Double.isInfinite(s)) {
          throw new IllegalArgumentException("kill grace period must be a non-negative number, got " + s);
        }
        grace = Optional.of(Duration.ofMillis(Math.round(s * 1000)));
      }
      return new TaskSpec(TaskId.of(id), w.getName(), AgentId.of(w.getAgentId()),
          ResourceCodec.fromWire(w.getResources()), commandFromWire(w.getCommand()),
          w.getLabels() == null ? Map.of() : w.getLabels(), grace);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("task '" + id + "': " + e.getMessage(), e);
    }
  }

  public static TaskInfo toWire(TaskSpec t) {
    TaskInfo w = new TaskInfo()
        .setTaskId(t.taskId().value())
        .setName(t.name())
        .setAgentId(t.agentId().value())
        .setResources(ResourceCodec.toWire(t.resources()))
        .setCommand(commandToWire(t.command()));
    if (!t.labels().isEmpty()) {
      w.setLabels(new java.util.TreeMap<>(t.labels()));
    }
    t.killGracePeriod().ifPresent(d -> w.setKillGracePeriodSeconds(d.toMillis() / 1000.0));
    return w;
  }

  public static Command commandFromWire(CommandInfo c) {
    List<FetchUri> uris = new ArrayList<>();
    if (c.getUris() != null) {
      for (CommandUri u : c.getUris()) {
        uris.add(new FetchUri(u.getValue(), u.isExecutable(), u.isExtract(),
            Optional.ofNullable(u.getOutputFile())));
      }
    }
    return new Command(Optional.ofNullable(c.getShell()),
        c.getArguments() == null ? List.of() : c.getArguments(),
        c.getEnvironment() == null ? Map.of() : c.getEnvironment(),
        uris, Optional.ofNullable(c.getUser()));
  }

  public static CommandInfo commandToWire(Command c) {
    CommandInfo w = new CommandInfo();
    c.shell().ifPresent(w::setShell);
    if (!c.arguments().isEmpty()) {
      w.setArguments(new ArrayList<>(c.arguments()));
    }
    if (!c.environment().isEmpty()) {
      w.setEnvironment(new java.util.TreeMap<>(c.environment()));
    }
    if (!c.uris().isEmpty()) {
      List<CommandUri> us = new ArrayList<>();
      for (FetchUri u : c.uris()) {
        CommandUri cu = new CommandUri().setValue(u.value());
        if (u.executable()) {
          cu.setExecutable(true);
        }
        if (u.extract()) {
          cu.setExtract(true);
        }
        u.outputFile().ifPresent(cu::setOutputFile);
        us.add(cu);
      }
      w.setUris(us);
    }
    c.user().ifPresent(w::setUser);
    return w;
  }
}
