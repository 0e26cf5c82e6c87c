package io.meseta.client;

import io.meseta.discovery.LeaderInfo;
import io.meseta.protocol.thrift.AcceptRequest;
import io.meseta.protocol.thrift.AcknowledgeRequest;
import io.meseta.protocol.thrift.DeclineRequest;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.FrameworkRequest;
import io.meseta.protocol.thrift.KillTaskRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.PollEventsResponse;
import io.meseta.protocol.thrift.ReconcileRequest;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.RegisterFrameworkResponse;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.protocol.transport.RpcServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;

/**
 * A master for client tests: a real Thrift server with a scheduler service that records every
 * request, keeps each framework's events (numbered from 1, never dropped, so a client that asked
 * for old events again would get duplicates) and answers long polls the way the master does.
 * Its state outlives {@link #stopServing()}/{@link #startServing()} (a network outage); {@link
 * #forgetEverything(String)} is a master restart. One monitor guards the state.
 */
final class FakeMaster implements AutoCloseable {
  private static final String PROBE = "probe";
  private static final RpcLimits LIMITS = new RpcLimits(1024 * 1024, 1_000, 5_000, 30_000);

  /** One request as received, and when ({@link System#nanoTime()}). */
  record Received(String call, Object request, long atNanos) {}

  private final List<Received> requests = new CopyOnWriteArrayList<>();
  private final Map<String, List<Event>> events = new HashMap<>();
  private final Map<String, MesetaError> failNext = new HashMap<>();
  private final Map<String, Integer> failTimes = new HashMap<>();
  private String masterId;
  private boolean standby;
  private String redirectTo;
  private int generation;
  private int frameworksCreated;
  private int port;
  private RpcServer server;

  private FakeMaster(String masterId) {
    this.masterId = masterId;
  }

  /** A fake master serving on a free loopback port. */
  static FakeMaster start(String masterId) throws TTransportException {
    FakeMaster fake = new FakeMaster(masterId);
    fake.startServing();
    return fake;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** What a leading master publishes in ZooKeeper. */
  synchronized LeaderInfo leaderInfo() {
    return new LeaderInfo("127.0.0.1", port, masterId);
  }

  /**
   * Serves again on the same port; returns once the server answers (an RpcServer closed before
   * it began serving would take seconds to close).
   */
  void startServing() throws TTransportException {
    synchronized (this) {
      generation++;
      server = RpcServer.start("fake-master", "127.0.0.1", port, new RpcServer.Services()
          .add(mesetaConstants.SCHEDULER_SERVICE, new SchedulerService.Processor<>(new Endpoint(generation))), LIMITS);
      port = server.port();
    }
    try (RpcChannel probe = RpcChannel.open(new HostPort("127.0.0.1", port), LIMITS)) {
      probe.client(mesetaConstants.SCHEDULER_SERVICE, SchedulerService.Client::new)
          .pollEvents(new PollEventsRequest(PROBE, 1, 0));
    } catch (MesetaError expected) {
      // UNKNOWN_FRAMEWORK (or NOT_LEADER): the server is serving
    } catch (TException e) {
      throw new IllegalStateException("the fake master does not answer", e);
    }
  }

  /** Stops serving like a dead master: polls in progress and any later request on an old connection fail. */
  void stopServing() {
    RpcServer stopping;
    synchronized (this) {
      generation++;
      notifyAll();
      stopping = server;
      server = null;
    }
    stopping.close();
  }

  /** A master restart: a new master id, no frameworks, no events. */
  synchronized void forgetEverything(String newMasterId) {
    masterId = newMasterId;
    events.clear();
    notifyAll();
  }

  /** From now on, every call answers NOT_LEADER naming {@code leader}, or no leader when null. */
  synchronized void redirectTo(String leader) {
    standby = true;
    redirectTo = leader;
  }

  /** Leads again after {@link #redirectTo}. */
  synchronized void lead() {
    standby = false;
    redirectTo = null;
  }

  /** The next call named {@code call} fails with {@code code} and {@code message}. */
  synchronized void failNext(String call, ErrorCode code, String message) {
    failNext(call, code, message, 1);
  }

  /** The next {@code times} calls named {@code call} fail with {@code code} and {@code message}. */
  synchronized void failNext(String call, ErrorCode code, String message, int times) {
    failNext.put(call, new MesetaError(code, message));
    failTimes.put(call, times);
  }

  /** Appends an event for a framework, numbering it; returns its sequence. */
  synchronized long enqueue(String frameworkId, Event event) {
    List<Event> queue = events.get(frameworkId);
    if (queue == null) {
      throw new IllegalStateException("framework " + frameworkId + " is not registered");
    }
    event.setSequence(queue.size() + 1);
    queue.add(event);
    notifyAll();
    return event.getSequence();
  }

  synchronized boolean knows(String frameworkId) {
    return events.containsKey(frameworkId);
  }

  /** The requests of every call named {@code call}, in order. */
  <T> List<T> requests(String call, Class<T> type) {
    return requests.stream().filter(r -> r.call().equals(call)).map(r -> type.cast(r.request())).toList();
  }

  /** The sequence a client polled from first after its latest registration. */
  long firstPollAfterLastRegistration() {
    List<Received> all = List.copyOf(requests);
    int last = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).call().equals("registerFramework")) {
        last = i;
      }
    }
    for (int i = last + 1; i < all.size(); i++) {
      if (all.get(i).request() instanceof PollEventsRequest poll) {
        return poll.getFromSequence();
      }
    }
    throw new IllegalStateException("no poll after the latest registration");
  }

  /** When each call named {@code call} arrived, in order ({@link System#nanoTime()}). */
  List<Long> arrivals(String call) {
    return requests.stream().filter(r -> r.call().equals(call)).map(Received::atNanos).toList();
  }

  /** The names of all calls received, in order, without the polls. */
  List<String> callsWithoutPolls() {
    return requests.stream().map(Received::call).filter(c -> !c.equals("pollEvents")).toList();
  }

  @Override
  public void close() {
    RpcServer running;
    synchronized (this) {
      generation++;
      notifyAll();
      running = server;
      server = null;
    }
    if (running != null) {
      running.close();
    }
  }

  private synchronized void check(int gen, String call, Object request) throws MesetaError {
    if (gen != generation) {
      throw new MesetaError(ErrorCode.UNAVAILABLE, "the master is down");
    }
    if (standby) {
      MesetaError notLeader = new MesetaError(ErrorCode.NOT_LEADER, "not the leader");
      throw redirectTo == null ? notLeader : notLeader.setLeader(redirectTo);
    }
    if (!(request instanceof PollEventsRequest poll && PROBE.equals(poll.getFrameworkId()))) {
      requests.add(new Received(call, request, System.nanoTime()));
    }
    MesetaError failure = failNext.get(call);
    if (failure != null) {
      if (failTimes.merge(call, -1, Integer::sum) <= 0) {
        failNext.remove(call);
        failTimes.remove(call);
      }
      throw failure.deepCopy();
    }
  }

  private synchronized RegisterFrameworkResponse register(RegisterFrameworkRequest request) {
    String id = request.getFramework().getFrameworkId();
    if (id == null) {
      id = "fw-" + ++frameworksCreated;
    }
    events.computeIfAbsent(id, k -> new ArrayList<>());
    return new RegisterFrameworkResponse(id, masterId, 1_000);
  }

  private synchronized PollEventsResponse poll(int gen, PollEventsRequest request) throws MesetaError {
    String id = request.getFrameworkId();
    long deadline = System.currentTimeMillis() + request.getMaxWaitMillis();
    while (gen == generation && knows(id) && pending(id, request.getFromSequence()).isEmpty()
        && System.currentTimeMillis() < deadline) {
      try {
        wait(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MesetaError(ErrorCode.UNAVAILABLE, "the master is shutting down");
      }
    }
    if (gen != generation) {
      throw new MesetaError(ErrorCode.UNAVAILABLE, "the master is down");
    }
    if (!knows(id)) {
      throw new MesetaError(ErrorCode.UNKNOWN_FRAMEWORK, "unknown framework " + id);
    }
    return new PollEventsResponse(pending(id, request.getFromSequence()));
  }

  private List<Event> pending(String id, long fromSequence) {
    List<Event> out = new ArrayList<>();
    for (Event e : events.get(id)) {
      if (e.getSequence() >= fromSequence) {
        out.add(e.deepCopy());
      }
    }
    return out;
  }

  private synchronized void teardown(FrameworkRequest request) {
    enqueue(request.getFrameworkId(), new Event().setType(EventType.ERROR)
        .setMessage("framework " + request.getFrameworkId() + " removed: torn down by the framework"));
  }

  /** The service as served by one generation of the server. */
  private final class Endpoint implements SchedulerService.Iface {
    private final int gen;

    Endpoint(int gen) {
      this.gen = gen;
    }

    @Override
    public RegisterFrameworkResponse registerFramework(RegisterFrameworkRequest request) throws MesetaError {
      check(gen, "registerFramework", request);
      return register(request);
    }

    @Override
    public PollEventsResponse pollEvents(PollEventsRequest request) throws MesetaError {
      check(gen, "pollEvents", request);
      return poll(gen, request);
    }

    @Override
    public void accept(AcceptRequest request) throws MesetaError {
      check(gen, "accept", request);
    }

    @Override
    public void decline(DeclineRequest request) throws MesetaError {
      check(gen, "decline", request);
    }

    @Override
    public void revive(FrameworkRequest request) throws MesetaError {
      check(gen, "revive", request);
    }

    @Override
    public void suppress(FrameworkRequest request) throws MesetaError {
      check(gen, "suppress", request);
    }

    @Override
    public void killTask(KillTaskRequest request) throws MesetaError {
      check(gen, "killTask", request);
    }

    @Override
    public void acknowledge(AcknowledgeRequest request) throws MesetaError {
      check(gen, "acknowledge", request);
    }

    @Override
    public void reconcile(ReconcileRequest request) throws MesetaError {
      check(gen, "reconcile", request);
    }

    @Override
    public void setLocality(io.meseta.protocol.thrift.SetLocalityRequest request) throws MesetaError {
      check(gen, "setLocality", request);
    }

    @Override
    public void teardown(FrameworkRequest request) throws MesetaError {
      check(gen, "teardown", request);
      FakeMaster.this.teardown(request);
    }
  }
}
