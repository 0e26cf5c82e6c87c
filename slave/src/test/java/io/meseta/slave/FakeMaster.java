package io.meseta.slave;

import io.meseta.protocol.codec.Errors;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.HeartbeatResponse;
import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RegisterAgentResponse;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.protocol.transport.RpcServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.thrift.transport.TTransportException;

/**
 * The master as one agent sees it: a real Thrift server for {@link MasterAgentService} on a
 * loopback port that records what the agent sends and answers as the test tells it. New agents
 * get the ids {@code agent-1}, {@code agent-2}, ...; a re-registering agent keeps its id. It can
 * play a standby master that answers every call NOT_LEADER ({@link #standBy}).
 */
final class FakeMaster implements AutoCloseable {
  static final String MASTER_ID = "fake-master";
  static final long HEARTBEAT_MILLIS = 100;

  private final List<RegisterAgentRequest> registrations = new CopyOnWriteArrayList<>();
  private final List<StatusUpdateRequest> updates = new CopyOnWriteArrayList<>();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final List<HeartbeatRequest> heartbeatRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger agents = new AtomicInteger();
  private final AtomicReference<ErrorCode> nextHeartbeatError = new AtomicReference<>();
  private final AtomicReference<Optional<HostPort>> notLeader = new AtomicReference<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final RpcServer server;

  private FakeMaster() throws TTransportException {
    server = RpcServer.start("fake-master", "127.0.0.1", 0, new RpcServer.Services()
        .add(mesetaConstants.MASTER_AGENT_SERVICE, new MasterAgentService.Processor<>(new Handler())),
        RpcLimits.DEFAULT);
  }

  static FakeMaster start() throws TTransportException {
    return new FakeMaster();
  }

  HostPort address() {
    return new HostPort("127.0.0.1", server.port());
  }

  /** Every registration so far, in order. */
  List<RegisterAgentRequest> registrations() {
    return List.copyOf(registrations);
  }

  /** Every status update received so far, resends included, in order of arrival. */
  List<StatusUpdateRequest> updates() {
    return List.copyOf(updates);
  }

  /** The heartbeats received, in order (with the usage they carried). */
  List<HeartbeatRequest> heartbeatRequests() {
    return heartbeatRequests;
  }

  int heartbeats() {
    return heartbeats.get();
  }

  /**
   * From now on every call is answered NOT_LEADER, naming {@code leader} if given, as a standby
   * master would; {@link #lead()} ends that.
   */
  void standBy(Optional<HostPort> leader) {
    notLeader.set(leader);
  }

  /** Answers calls again as the leader. */
  void lead() {
    notLeader.set(null);
  }

  /** How many calls were answered NOT_LEADER. */
  int refusedAsStandby() {
    return refused.get();
  }

  private void checkLeading() throws MesetaError {
    Optional<HostPort> leader = notLeader.get();
    if (leader != null) {
      refused.incrementAndGet();
      MesetaError e = Errors.of(ErrorCode.NOT_LEADER, "this master is a standby (test)");
      leader.ifPresent(l -> e.setLeader(l.toString()));
      throw e;
    }
  }

  /** The next heartbeat is answered with this error instead of success. */
  void failNextHeartbeat(ErrorCode code) {
    nextHeartbeatError.set(code);
  }

  @Override
  public void close() {
    server.close();
  }

  private final class Handler implements MasterAgentService.Iface {
    @Override
    public RegisterAgentResponse registerAgent(RegisterAgentRequest request) throws MesetaError {
      checkLeading();
      registrations.add(request);
      String id = request.isSetAgentId() ? request.getAgentId() : "agent-" + agents.incrementAndGet();
      return new RegisterAgentResponse(id, MASTER_ID, HEARTBEAT_MILLIS);
    }

    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws MesetaError {
      checkLeading();
      heartbeats.incrementAndGet();
      heartbeatRequests.add(request);
      ErrorCode error = nextHeartbeatError.getAndSet(null);
      if (error != null) {
        throw Errors.of(error, "told to answer " + error + " (test)");
      }
      return new HeartbeatResponse(MASTER_ID);
    }

    @Override
    public void statusUpdate(StatusUpdateRequest request) throws MesetaError {
      checkLeading();
      updates.add(request);
    }
  }
}
