package io.meseta.master.rpc;

import io.meseta.core.allocation.LocalityWants;
import io.meseta.core.allocation.LocalityWaits;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.fs.HdfsAccessException;
import io.meseta.hdfs.locality.SplitResolutionException;
import io.meseta.master.locality.PathLocality;
import io.meseta.protocol.codec.Errors;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.SetLocalityRequest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.master.Master;
import io.meseta.master.MasterConfig;
import io.meseta.master.events.EventQueue;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.protocol.codec.Errors;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.AcceptRequest;
import io.meseta.protocol.thrift.AcknowledgeRequest;
import io.meseta.protocol.thrift.DeclineRequest;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.FrameworkRequest;
import io.meseta.protocol.thrift.KillTaskRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.PollEventsResponse;
import io.meseta.protocol.thrift.ReconcileRequest;
import io.meseta.protocol.thrift.ReconcileTask;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.RegisterFrameworkResponse;
import io.meseta.protocol.thrift.SchedulerService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Serves frameworks: decodes each call, runs it on the master's loop, encodes the answer. */
public final class SchedulerHandler implements SchedulerService.Iface {
  static final int MAX_POLL_WAIT_MILLIS = 60_000;
  static final int DEFAULT_MAX_EVENTS = 1_000;

  private final MasterConfig config;
  private final LoopCalls calls;
  private final PathLocality paths;

  SchedulerHandler(MasterConfig config, LoopCalls calls) {
    this.config = config;
    this.calls = calls;
    this.paths = new PathLocality(config.hdfsLocality());
  }

  @Override
  public RegisterFrameworkResponse registerFramework(RegisterFrameworkRequest request) throws MesetaError {
    FrameworkInfo info = calls.decode(() -> LoopCalls.required(LoopCalls.required(request, "request").getFramework(),
        "framework"));
    FrameworkDescriptor d = calls.decode(() -> new FrameworkDescriptor(info.getName(), info.getUser(),
        info.getRole(), seconds("failover timeout", info.isSetFailoverTimeoutSeconds()
            ? info.getFailoverTimeoutSeconds() : 0.0),
        info.getCapabilities() == null ? List.of() : info.getCapabilities(), info.getHostname()));
    Optional<FrameworkId> id = calls.decode(() -> Optional.ofNullable(info.getFrameworkId()).map(FrameworkId::of));
    long interval = config.agentPingInterval().toMillis();
    return calls.call("registerFramework", m -> new RegisterFrameworkResponse(m.registerFramework(d, id).value(),
        m.masterId(), interval));
  }

  @Override
  public PollEventsResponse pollEvents(PollEventsRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    EventQueue queue = calls.leading().mailboxes().get(fid);
    if (queue == null) {
      throw Errors.of(ErrorCode.UNKNOWN_FRAMEWORK, "unknown framework " + fid);
    }
    int wait = Math.max(0, Math.min(MAX_POLL_WAIT_MILLIS, request.getMaxWaitMillis()));
    int max = request.isSetMaxEvents() && request.getMaxEvents() > 0 ? request.getMaxEvents() : DEFAULT_MAX_EVENTS;
    try {
      return new PollEventsResponse(queue.poll(request.getFromSequence(), wait, max));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.of(ErrorCode.UNAVAILABLE, "the master is shutting down");
    }
  }

  @Override
  public void accept(AcceptRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    List<OfferId> offers = offerIds(request.getOfferIds());
    List<TaskSpec> tasks = calls.decode(() -> {
      List<TaskSpec> out = new ArrayList<>();
      for (io.meseta.protocol.thrift.TaskInfo t : LoopCalls.required(request.getTasks(), "tasks")) {
        out.add(TaskCodec.fromWire(t));
      }
      return out;
    });
    Optional<Duration> refuse = refuse(request.getFilters());
    calls.run("accept", m -> m.accept(fid, offers, tasks, refuse));
  }

  @Override
  public void decline(DeclineRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    List<OfferId> offers = offerIds(request.getOfferIds());
    Optional<Duration> refuse = refuse(request.getFilters());
    calls.run("decline", m -> m.decline(fid, offers, refuse));
  }

  @Override
  public void revive(FrameworkRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    calls.run("revive", m -> m.revive(fid));
  }

  @Override
  public void suppress(FrameworkRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    calls.run("suppress", m -> m.suppress(fid));
  }

  @Override
  public void killTask(KillTaskRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    TaskId task = calls.decode(() -> TaskId.of(request.getTaskId()));
    Optional<Duration> grace = calls.decode(() -> request.isSetGracePeriodSeconds()
        ? Optional.of(seconds("grace period", request.getGracePeriodSeconds())) : Optional.empty());
    calls.run("killTask", m -> m.killTask(fid, task, grace));
  }

  @Override
  public void acknowledge(AcknowledgeRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    AgentId agent = calls.decode(() -> AgentId.of(request.getAgentId()));
    TaskId task = calls.decode(() -> TaskId.of(request.getTaskId()));
    calls.run("acknowledge", m -> m.acknowledge(fid, agent, task, request.getUpdateId()));
  }

  @Override
  public void reconcile(ReconcileRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    List<TaskId> tasks = calls.decode(() -> {
      List<TaskId> out = new ArrayList<>();
      if (request.getTasks() != null) {
        for (ReconcileTask t : request.getTasks()) {
          out.add(TaskId.of(LoopCalls.required(t, "task").getTaskId()));
        }
      }
      return out;
    });
    calls.run("reconcile", m -> m.reconcile(fid, tasks));
  }

  @Override
  public void teardown(FrameworkRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    calls.run("teardown", m -> m.teardown(fid));
  }

  @Override
  public void setLocality(SetLocalityRequest request) throws MesetaError {
    FrameworkId fid = framework(request == null ? null : request.getFrameworkId());
    Map<String, Integer> hosts = calls.decode(() -> new TreeMap<>(LoopCalls.required(request.getHosts(), "hosts")));
    Map<String, Integer> racks = calls.decode(() -> new TreeMap<>(LoopCalls.required(request.getRacks(), "racks")));
    Optional<LocalityWaits> waits = calls.decode(() -> {
      if (!request.isSetNodeWaitMillis() && !request.isSetRackWaitMillis()) {
        return Optional.empty();
      }
      LocalityWaits d = config.allocator().localityWaits();
      return Optional.of(new LocalityWaits(
          request.isSetNodeWaitMillis() ? Duration.ofMillis(request.getNodeWaitMillis()) : d.node(),
          request.isSetRackWaitMillis() ? Duration.ofMillis(request.getRackWaitMillis()) : d.rack()));
    });
    if (request.getHdfsPaths() != null && !request.getHdfsPaths().isEmpty()) {
      PathLocality.Wishes fromPaths;
      try {
        fromPaths = paths.resolve(request.getHdfsPaths());
      } catch (SplitResolutionException e) {
        throw Errors.of(e.failure() == HdfsAccessException.Failure.UNREACHABLE ? ErrorCode.UNAVAILABLE
            : ErrorCode.INVALID_REQUEST, e.getMessage());
      } catch (HadoopConfigException e) {
        throw Errors.of(ErrorCode.UNAVAILABLE, "the master cannot read its Hadoop configuration: " + e.getMessage());
      }
      fromPaths.hosts().forEach((h, n) -> hosts.merge(h, n, Integer::sum));
      fromPaths.racks().forEach((r, n) -> racks.merge(r, n, Integer::sum));
    }
    Map<String, Integer> agentHosts = hosts.isEmpty() ? hosts
        : paths.toAgentNames(hosts, calls.call("setLocality", Master::agentHostnames));
    LocalityWants wants = calls.decode(() -> new LocalityWants(agentHosts, racks));
    calls.run("setLocality", m -> m.setLocality(fid, wants, waits));
  }

  private FrameworkId framework(String id) throws MesetaError {
    return calls.decode(() -> FrameworkId.of(id));
  }

  private List<OfferId> offerIds(List<String> ids) throws MesetaError {
    return calls.decode(() -> LoopCalls.required(ids, "offer ids").stream().map(OfferId::of).toList());
  }

  private Optional<Duration> refuse(Filters filters) throws MesetaError {
    return calls.decode(() -> filters == null || !filters.isSetRefuseSeconds() ? Optional.empty()
        : Optional.of(seconds("refuse seconds", filters.getRefuseSeconds())));
  }

  /** A non-negative, finite number of seconds, at most a year. */
  static Duration seconds(String what, double value) {
    if (Double.isNaN(value) || value < 0 || value > 365 * 86400.0) {
      throw new IllegalArgumentException(what + " must be between 0 and one year in seconds, got " + value);
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }
}
