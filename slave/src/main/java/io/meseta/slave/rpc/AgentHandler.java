package io.meseta.slave.rpc;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.protocol.codec.Errors;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.codec.StatusCodec;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.AgentAcknowledgeRequest;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.AgentStateRequest;
import io.meseta.protocol.thrift.AgentStateResponse;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.LaunchTasksRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.ShutdownFrameworkRequest;
import io.meseta.core.resources.Resources;
import io.meseta.slave.status.StatusUpdateManager;
import io.meseta.slave.status.TaskKey;
import io.meseta.slave.task.DuplicateTaskException;
import io.meseta.slave.task.TaskManager;
import io.meseta.slave.task.TaskSnapshot;
import io.meseta.slave.task.UnknownTaskException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the master: launch, kill, acknowledge, shut down a framework, and the agent's state.
 * Every request is decoded and validated before anything changes; a bad one gets an
 * INVALID_REQUEST naming the field, and the agent's tasks stay as they were.
 */
public final class AgentHandler implements AgentService.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(AgentHandler.class);

  private final TaskManager tasks;
  private final StatusUpdateManager updates;
  private final Supplier<Optional<String>> agentId;
  private final String hostname;
  private final Resources total;
  private final MetricRegistry metrics;

  private final Supplier<Optional<String>> masterId;

  public AgentHandler(TaskManager tasks, StatusUpdateManager updates, Supplier<Optional<String>> agentId,
      Supplier<Optional<String>> masterId, String hostname, Resources total, MetricRegistry metrics) {
    this.tasks = tasks;
    this.masterId = masterId;
    this.updates = updates;
    this.agentId = agentId;
    this.hostname = hostname;
    this.total = total;
    this.metrics = metrics;
  }

  @Override
  public void launchTasks(LaunchTasksRequest r) throws MesetaError {
    try (Timer.Context ignored = metrics.timer("rpc.launchTasks").time()) {
      FrameworkId framework = decode(() -> FrameworkId.of(required(r, "request").getFrameworkId()));
      List<TaskSpec> specs = decode(() -> {
        List<TaskSpec> out = new ArrayList<>();
        for (io.meseta.protocol.thrift.TaskInfo t : required(r.getTasks(), "tasks")) {
          out.add(TaskCodec.fromWire(t));
        }
        return out;
      });
      if (specs.isEmpty()) {
        throw Errors.invalid("tasks must not be empty");
      }
      Optional<String> registeredWith = masterId.get();
      if (r.isSetMasterId() && registeredWith.isPresent() && !registeredWith.get().equals(r.getMasterId())) {
        // a deposed leader that has not noticed yet: its launches must not run beside the new leader's
        throw Errors.of(ErrorCode.NOT_LEADER, "launch from master '" + r.getMasterId()
            + "', but this agent is registered with master '" + registeredWith.get() + "'");
      }
      Optional<String> me = agentId.get();
      for (TaskSpec spec : specs) {
        if (me.isPresent() && !spec.agentId().value().equals(me.get())) {
          throw Errors.invalid("task '" + spec.taskId() + "' is for agent '" + spec.agentId()
              + "', but this is agent '" + me.get() + "'");
        }
      }
      Optional<String> frameworkUser = r.isSetFramework() && r.getFramework().isSetUser()
          && !r.getFramework().getUser().isBlank() ? Optional.of(r.getFramework().getUser()) : Optional.empty();
      try {
        tasks.launch(framework, frameworkUser, specs);
      } catch (DuplicateTaskException e) {
        throw Errors.of(ErrorCode.DUPLICATE_TASK, e.getMessage());
      }
    }
  }

  @Override
  public void killTask(AgentKillTaskRequest r) throws MesetaError {
    try (Timer.Context ignored = metrics.timer("rpc.killTask").time()) {
      TaskKey key = decode(() -> new TaskKey(FrameworkId.of(required(r, "request").getFrameworkId()),
          TaskId.of(r.getTaskId())));
      Optional<Duration> grace = decode(() -> {
        if (!r.isSetGracePeriodSeconds()) {
          return Optional.empty();
        }
        double s = r.getGracePeriodSeconds();
        if (!Double.isFinite(s) || s < 0) {
          throw new IllegalArgumentException("gracePeriodSeconds must be a non-negative number, got " + s);
        }
        return Optional.of(Duration.ofMillis(Math.round(s * 1000)));
      });
      try {
        tasks.kill(key, grace);
      } catch (UnknownTaskException e) {
        throw Errors.of(ErrorCode.UNKNOWN_TASK, e.getMessage());
      }
    }
  }

  @Override
  public void acknowledgeUpdate(AgentAcknowledgeRequest r) throws MesetaError {
    try (Timer.Context ignored = metrics.timer("rpc.acknowledgeUpdate").time()) {
      TaskKey key = decode(() -> new TaskKey(FrameworkId.of(required(r, "request").getFrameworkId()),
          TaskId.of(r.getTaskId())));
      String updateId = decode(() -> nonEmpty(r.getUpdateId(), "updateId"));
      if (!updates.acknowledge(key, updateId)) {
        LOG.debug("Acknowledgement {} of task {} matched no update in flight", updateId, key);
      }
    }
  }

  @Override
  public void shutdownFramework(ShutdownFrameworkRequest r) throws MesetaError {
    try (Timer.Context ignored = metrics.timer("rpc.shutdownFramework").time()) {
      FrameworkId framework = decode(() -> FrameworkId.of(required(r, "request").getFrameworkId()));
      int n = tasks.shutdownFramework(framework);
      LOG.info("Shutting down framework {}: {} task(s) killed", framework, n);
    }
  }

  @Override
  public AgentStateResponse getState(AgentStateRequest r) {
    List<RunningTask> running = new ArrayList<>();
    for (TaskSnapshot t : tasks.tasks()) {
      running.add(runningTask(t));
    }
    return new AgentStateResponse(agentId.get().orElse(""), hostname, ResourceCodec.toWire(total), running,
        updates.pendingCount());
  }

  /** The wire form of a task the agent knows. */
  static RunningTask runningTask(TaskSnapshot t) {
    return new RunningTask(t.frameworkId().value(), TaskCodec.toWire(t.spec()), StatusCodec.stateToWire(t.state()));
  }

  private static <T> T decode(Supplier<T> decoder) throws MesetaError {
    try {
      return decoder.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Errors.invalid(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return value;
  }

  private static String nonEmpty(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return value;
  }
}
