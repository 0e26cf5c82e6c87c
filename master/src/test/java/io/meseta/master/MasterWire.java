package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meseta.core.ids.AgentId;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.AcceptRequest;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.RegisterFrameworkResponse;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The calls of frameworks, agents and operators to one master's real Thrift port. */
final class MasterWire implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final SchedulerService.Client scheduler;
  final MasterAgentService.Client agents;
  final OperatorService.Client operator;
  private final RpcChannel channel;

  private MasterWire(RpcChannel channel) {
    this.channel = channel;
    this.scheduler = channel.client(mesetaConstants.SCHEDULER_SERVICE, SchedulerService.Client::new);
    this.agents = channel.client(mesetaConstants.MASTER_AGENT_SERVICE, MasterAgentService.Client::new);
    this.operator = channel.client(mesetaConstants.OPERATOR_SERVICE, OperatorService.Client::new);
  }

  static MasterWire to(MesetaMaster m) throws Exception {
    return new MasterWire(RpcChannel.open(new HostPort("127.0.0.1", m.port()), RpcLimits.DEFAULT));
  }

  ClusterStateResponse state() throws Exception {
    return operator.getState(new ClusterStateRequest().setIncludeCompletedTasks(true));
  }

  /** Task id to state, as the master's operator view says. */
  Map<String, TaskState> taskStates() throws Exception {
    Map<String, TaskState> out = new TreeMap<>();
    state().getTasks().forEach(t -> out.put(t.getTaskId(), t.getState()));
    return out;
  }

  void update(String agentId, String frameworkId, String task, TaskState state, String updateId) throws Exception {
    agents.statusUpdate(new StatusUpdateRequest(agentId, frameworkId, new TaskStatus(task, state, 0L)
        .setUpdateId(updateId)));
  }

  /** The refusal of a master that does not lead. */
  static MesetaError notLeader(WireCall call) {
    MesetaError e = assertThrows(MesetaError.class, call::run);
    assertEquals(ErrorCode.NOT_LEADER, e.getCode(), e.getMessage());
    return e;
  }

  static TaskInfo task(String id, String agentId, String resources) {
    return TaskCodec.toWire(MasterHarness.task(id, AgentId.of(agentId), resources));
  }

  @Override
  public void close() {
    channel.close();
  }

  /** A call expected to be refused. */
  @FunctionalInterface
  interface WireCall {
    void run() throws Exception;
  }

  /** A framework speaking to the master over this connection: it remembers where its event stream is. */
  final class Framework {
    final FrameworkInfo info;
    String id;
    String masterId;
    private long next = 1;
    final List<Event> events = new ArrayList<>();

    Framework(String name, double failoverSeconds) {
      this.info = new FrameworkInfo(name, "alice").setFailoverTimeoutSeconds(failoverSeconds);
    }

    /** Registers, or re-registers with its id once it has one; a new master restarts the event stream. */
    Framework register() throws Exception {
      if (id != null) {
        info.setFrameworkId(id);
      }
      RegisterFrameworkResponse r = scheduler.registerFramework(new RegisterFrameworkRequest(info));
      if (masterId != null && !masterId.equals(r.getMasterId())) {
        next = 1; // a new master's stream: the old one's events (and offers) are gone
        events.clear();
      }
      id = r.getFrameworkId();
      masterId = r.getMasterId();
      return this;
    }

    List<Event> poll(int waitMillis) throws Exception {
      List<Event> got = scheduler.pollEvents(new PollEventsRequest(id, next, waitMillis)).getEvents();
      for (Event e : got) {
        next = e.getSequence() + 1;
        events.add(e);
      }
      return got;
    }

    /** Polls until an event matches; returns it. */
    Event awaitEvent(String what, Predicate<Event> match) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      int seen = 0;
      while (System.nanoTime() < deadline) {
        for (int i = seen; i < events.size(); i++) {
          if (match.test(events.get(i))) {
            return events.get(i);
          }
        }
        seen = events.size();
        poll(500);
      }
      throw new AssertionError("timed out after " + WAIT + " waiting for " + what + "; events: " + events);
    }

    /** Polls until offers for all of {@code agentIds} are outstanding; returns them by agent. */
    Map<String, Offer> awaitOffers(String... agentIds) throws Exception {
      Map<String, Offer> out = new TreeMap<>();
      awaitEvent("offers on " + List.of(agentIds), e -> {
        if (e.getType() == EventType.OFFERS) {
          e.getOffers().forEach(o -> out.put(o.getAgentId(), o));
        }
        if (e.getType() == EventType.RESCIND) {
          out.values().removeIf(o -> o.getOfferId().equals(e.getOfferId()));
        }
        return out.keySet().containsAll(List.of(agentIds));
      });
      return out;
    }

    void accept(Offer offer, TaskInfo... tasks) throws Exception {
      scheduler.accept(new AcceptRequest(id, List.of(offer.getOfferId()), List.of(tasks))
          .setFilters(new Filters().setRefuseSeconds(0)));
    }

    Optional<Event> update(String task) {
      return events.stream().filter(e -> e.getType() == EventType.UPDATE && e.getStatus().getTaskId().equals(task))
          .reduce((a, b) -> b);
    }
  }

  Framework framework(String name, double failoverSeconds) {
    return new Framework(name, failoverSeconds);
  }
}
