package io.meseta.slave.rpc;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskStatus;
import io.meseta.discovery.MasterDetector;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.codec.StatusCodec;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RegisterAgentResponse;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.TaskUsage;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.slave.status.StatusSendException;
import io.meseta.slave.status.StatusSender;
import io.meseta.slave.task.TaskSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of its relationship with the master, on one thread of its own: it registers
 * (retrying with backoff while the master is unreachable), then heartbeats at the interval the
 * master asked for, each heartbeat carrying the usage of the running tasks. An agent that has an
 * id (from an earlier registration, or recovered from its work directory after a restart)
 * registers under it and reports its tasks. When the master no longer knows the agent (it
 * restarted) the agent re-registers the same way; when the master
 * removed the agent, the agent gives up its tasks (the master already reported them LOST) and
 * registers as a new agent. When the master answers NOT_LEADER, the agent follows it to the
 * leader it names and registers there with its id and tasks; if that leader cannot be reached,
 * the agent goes back to the configured master.
 *
 * <p>It is also the {@link StatusSender}: updates go out on the status thread over a connection
 * of their own, so a slow heartbeat never holds up an update or the other way round.
 */
public final class MasterLink implements StatusSender, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  /** The port of a leader named without one. */
  private static final int DEFAULT_MASTER_PORT = 5050;
  private static final int MAX_IMMEDIATE_HOPS = 3;

  /** What the link needs from the rest of the agent. */
  public interface Host {
    /** Tasks to report when registering under a known id (see {@code TaskManager#reportedTasks()}). */
    List<TaskSnapshot> reportedTasks();

    /** The master removed this agent: kill every task, drop its pending updates, forget its id. */
    void abandonAllTasks();

    /** The agent is (re-)registered with {@code master}: remember the id, send every pending update now. */
    void registered(String agentId, HostPort master);

    /** The usage of the running tasks' containers now, sent with each heartbeat (none by default). */
    default List<TaskUsage> usage() {
      return List.of();
    }
  }

  private final MasterDetector detector;
  private final String hostname;
  private final int agentPort;
  private final OptionalInt httpPort;
  private final Resources total;
  private final Map<String, String> attributes;
  private final Duration backoffMax;
  private final Host host;
  private final MasterConnection heartbeatConnection;
  private final MasterConnection statusConnection;
  private final Thread thread;
  private final CountDownLatch firstRegistration = new CountDownLatch(1);
  private final java.util.concurrent.ExecutorService sampler = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> {
        Thread t = new Thread(r, "usage-sampler");
        t.setDaemon(true);
        return t;
      });
  private final java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean();
  /** The usage the next heartbeat carries: the sample taken after the previous one. */
  private volatile List<TaskUsage> latestUsage = List.of();

  private volatile HostPort master;
  private volatile String agentId;
  private volatile String masterId;
  private volatile boolean registered;
  private volatile boolean running = true;
  private volatile Duration heartbeatInterval = Duration.ofSeconds(5);
  /** Leaders followed since the last registration: past a few, standbys may be naming each other. */
  private volatile int leaderHops;
  private boolean waitingForLeader; // link thread only

  /**
   * @param detector         where the leading master is; not started (the link starts and closes it)
   * @param httpPort         the agent's HTTP port, if it serves one: the master shows it to operators
   * @param recoveredAgentId the id this agent had before it restarted, if any: it registers under it
   */
  public MasterLink(MasterDetector detector, RpcLimits limits, String hostname, int agentPort, OptionalInt httpPort,
      Resources total, Map<String, String> attributes, Duration backoffMax, Optional<String> recoveredAgentId,
      Host host) {
    this.httpPort = httpPort;
    this.detector = detector;
    this.agentId = recoveredAgentId.orElse(null);
    this.hostname = hostname;
    this.agentPort = agentPort;
    this.total = total;
    this.attributes = attributes;
    this.backoffMax = backoffMax;
    this.host = host;
    this.heartbeatConnection = new MasterConnection(() -> this.master, limits);
    this.statusConnection = new MasterConnection(() -> this.master, limits);
    this.thread = new Thread(this::run, "master-link");
    this.thread.setDaemon(true);
  }

  public void start() {
    detector.addListener(this::leaderChanged);
    detector.start();
    thread.start();
  }

  /** On the detector's thread: a new leader is registered with at once; no leader changes nothing yet. */
  private void leaderChanged(Optional<HostPort> leader) {
    if (leader.isEmpty()) {
      LOG.info("No leading master is known at the moment ({})", detector.address());
      return;
    }
    if (!leader.get().equals(master)) {
      LOG.info("The leading master is now {}; registering there", leader.get());
      switchTo(leader.get());
      thread.interrupt();
    }
  }

  /** The master the agent talks to now; empty while no leader is known. */
  public Optional<HostPort> master() {
    return Optional.ofNullable(master);
  }

  /** The id the master gave this agent (or the recovered one); empty until the first registration. */
  public Optional<String> agentId() {
    return Optional.ofNullable(agentId);
  }

  /** The id of the master this agent last registered with: launches from any other are refused. */
  public Optional<String> masterId() {
    return Optional.ofNullable(masterId);
  }

  public boolean isRegistered() {
    return registered;
  }

  /** Waits for the first registration; false if it did not happen in time. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    return firstRegistration.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    while (running) {
      try {
        if (master == null && !pickLeader()) {
          backoff = sleepBackoff(backoff);
        } else if (!registered) {
          register();
          backoff = FIRST_BACKOFF;
        } else {
          sleep(heartbeatInterval);
          if (running && registered) {
            HeartbeatRequest beat = new HeartbeatRequest(agentId);
            List<TaskUsage> usage = latestUsage;
            if (!usage.isEmpty()) {
              beat.setUsage(usage);
            }
            heartbeatConnection.call(c -> c.heartbeat(beat));
            sampleUsageSoon();
          }
        }
      } catch (MesetaError e) {
        if (!running) {
          return;
        }
        if (!handle(e)) {
          backoff = sleepBackoff(backoff);
        }
      } catch (TException | RuntimeException e) {
        if (!running) {
          return;
        }
        HostPort unreachable = master;
        LOG.warn("Cannot reach the master at {}: {}; retrying", unreachable, e.toString());
        Optional<HostPort> detected = detector.leader();
        if (detected.isPresent() && !detected.get().equals(unreachable)) {
          LOG.info("Going back to the leading master {} named by {}", detected.get(), detector.address());
          switchTo(detected.get());
        }
        backoff = sleepBackoff(backoff);
      } catch (InterruptedException e) {
        if (!running) {
          return; // closed; otherwise woken by a refused status update: act on it now
        }
      }
    }
  }

  /**
   * Samples the running tasks' usage on the sampler thread, for the next heartbeat to carry: a
   * heartbeat never waits for a sample (many containers on a busy machine take a while to read),
   * and a sample that fails costs the report, never the heartbeat.
   */
  private void sampleUsageSoon() {
    if (!sampling.compareAndSet(false, true)) {
      return; // the last sample is still being taken
    }
    try {
      sampler.execute(() -> {
        try {
          latestUsage = List.copyOf(host.usage());
        } catch (RuntimeException e) {
          LOG.warn("Cannot sample the usage of the running tasks: {}", e.toString());
          latestUsage = List.of();
        } finally {
          sampling.set(false);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      sampling.set(false); // closing
    }
  }

  /** Takes the leader the detector names, if it names one. */
  private boolean pickLeader() {
    Optional<HostPort> leader = detector.leader();
    if (leader.isEmpty()) {
      if (!waitingForLeader) {
        LOG.info("Waiting for a leading master in {}", detector.address());
        waitingForLeader = true;
      }
      return false;
    }
    waitingForLeader = false;
    master = leader.get();
    return true;
  }

  private void register() throws TException {
    List<RunningTask> running = new ArrayList<>();
    if (agentId != null) {
      for (TaskSnapshot t : host.reportedTasks()) {
        running.add(AgentHandler.runningTask(t));
      }
    }
    RegisterAgentRequest req = new RegisterAgentRequest(hostname, agentPort, ResourceCodec.toWire(total),
        ResourceCodec.attributesToWire(attributes));
    req.setProtocolVersion(mesetaConstants.PROTOCOL_VERSION);
    httpPort.ifPresent(req::setHttpPort);
    if (agentId != null) {
      req.setAgentId(agentId).setRunningTasks(running);
    }
    HostPort target = master;
    RegisterAgentResponse resp = heartbeatConnection.call(c -> c.registerAgent(req));
    masterId = resp.getMasterId();
    boolean again = agentId != null;
    agentId = resp.getAgentId();
    heartbeatInterval = Duration.ofMillis(Math.max(10, resp.getHeartbeatIntervalMillis()));
    registered = true;
    leaderHops = 0;
    LOG.info("{} with master {} ({}) as agent {}{}", again ? "Re-registered" : "Registered", resp.getMasterId(),
        target, agentId, again ? " with " + running.size() + " task(s)" : "");
    firstRegistration.countDown();
    sampleUsageSoon();
    host.registered(agentId, target);
  }

  /** Acts on the master's refusal; returns whether to try again at once rather than after a backoff. */
  private boolean handle(MesetaError e) {
    if (e.getCode() == ErrorCode.NOT_LEADER) {
      return followLeader(e);
    } else if (e.getCode() == ErrorCode.UNKNOWN_AGENT) {
      LOG.warn("The master does not know agent {} ({}); re-registering with its tasks", agentId, e.getMessage());
      registered = false;
    } else if (e.getCode() == ErrorCode.AGENT_REMOVED) {
      LOG.warn("The master removed agent {} ({}); killing its tasks and registering anew", agentId,
          e.getMessage());
      registered = false;
      host.abandonAllTasks();
      agentId = null;
    } else {
      LOG.warn("The master refused agent {}: {} {}", agentId, e.getCode(), e.getMessage());
    }
    return false;
  }

  /**
   * The master answered NOT_LEADER: registers anew, with the leader it names if it names one (and
   * it parses), else with the one the detector names if that is another, else with the same
   * master after a backoff. Returns whether to register at once: the
   * master changed, and not too many times since the last registration.
   */
  private boolean followLeader(MesetaError e) {
    registered = false;
    HostPort from = master;
    Optional<HostPort> leader = leaderIn(e).or(() -> detector.leader().filter(l -> !l.equals(from)));
    if (leader.isEmpty() || leader.get().equals(from)) {
      LOG.warn("The master at {} is not the leader and names no other ({}); retrying", from, e.getMessage());
      return false;
    }
    LOG.info("The master at {} is not the leader; registering with the leader at {}", from, leader.get());
    switchTo(leader.get());
    return ++leaderHops <= MAX_IMMEDIATE_HOPS;
  }

  private static Optional<HostPort> leaderIn(MesetaError e) {
    if (!e.isSetLeader() || e.getLeader().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(HostPort.parse(e.getLeader(), DEFAULT_MASTER_PORT));
    } catch (IllegalArgumentException bad) {
      LOG.warn("Ignoring the leader '{}' named in a NOT_LEADER answer: {}", e.getLeader(), bad.getMessage());
      return Optional.empty();
    }
  }

  /** Talks to {@code next} from now on: both connections reconnect there and the agent registers anew. */
  private void switchTo(HostPort next) {
    registered = false;
    master = next;
  }

  private Duration sleepBackoff(Duration backoff) {
    try {
      sleep(backoff);
    } catch (InterruptedException e) {
      LOG.debug("Woken while backing off");
    }
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(backoffMax) > 0 ? backoffMax : next;
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  @Override
  public void send(FrameworkId frameworkId, TaskStatus status) throws StatusSendException {
    String id = agentId;
    if (id == null || !registered || master == null) {
      throw new StatusSendException("the agent is not registered with the master");
    }
    StatusUpdateRequest req = new StatusUpdateRequest(id, frameworkId.value(), StatusCodec.toWire(status));
    try {
      statusConnection.call(c -> {
        c.statusUpdate(req);
        return null;
      });
    } catch (MesetaError e) {
      if (e.getCode() == ErrorCode.UNKNOWN_AGENT || e.getCode() == ErrorCode.NOT_LEADER) {
        if (e.getCode() == ErrorCode.NOT_LEADER) {
          followLeader(e);
        }
        registered = false;
        thread.interrupt(); // wake the link so it re-registers now rather than after a heartbeat
      }
      throw new StatusSendException("the master refused it: " + e.getCode() + " " + e.getMessage());
    } catch (TException e) {
      throw new StatusSendException("cannot reach the master at " + statusConnection.master() + ": " + e);
    }
  }

  /** Stops registering and heartbeating, at once, and closes the detector. */
  @Override
  public void close() {
    running = false;
    sampler.shutdownNow();
    detector.close();
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeatConnection.close();
    statusConnection.close();
  }
}
