package io.meseta.slave.rpc;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.TaskStatus;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.codec.StatusCodec;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RegisterAgentResponse;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.StatusUpdateRequest;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of its relationship with the master, on one thread of its own: it registers
 * (retrying with backoff while the master is unreachable), then heartbeats at the interval the
 * master asked for. When the master no longer knows the agent (it restarted) the agent
 * re-registers under its id and reports its running tasks; when the master removed the agent, the
 * agent gives up its tasks (the master already reported them LOST) and registers as a new agent.
 *
 * <p>It is also the {@link StatusSender}: updates go out on the status thread over a connection
 * of their own, so a slow heartbeat never holds up an update or the other way round.
 */
public final class MasterLink implements StatusSender, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  /** What the link needs from the rest of the agent. */
  public interface Host {
    /** Tasks to report when re-registering, in a non-terminal state. */
    List<TaskSnapshot> activeTasks();

    /** The master removed this agent: kill every task and drop its pending updates. */
    void abandonAllTasks();

    /** The agent is (re-)registered: send every pending update now. */
    void registered(String agentId);
  }

  private final HostPort master;
  private final String hostname;
  private final int agentPort;
  private final Resources total;
  private final Map<String, String> attributes;
  private final Duration backoffMax;
  private final Host host;
  private final MasterConnection heartbeatConnection;
  private final MasterConnection statusConnection;
  private final Thread thread;
  private final CountDownLatch firstRegistration = new CountDownLatch(1);

  private volatile String agentId;
  private volatile boolean registered;
  private volatile boolean running = true;
  private volatile Duration heartbeatInterval = Duration.ofSeconds(5);

  public MasterLink(HostPort master, RpcLimits limits, String hostname, int agentPort, Resources total,
      Map<String, String> attributes, Duration backoffMax, Host host) {
    this.master = master;
    this.hostname = hostname;
    this.agentPort = agentPort;
    this.total = total;
    this.attributes = attributes;
    this.backoffMax = backoffMax;
    this.host = host;
    this.heartbeatConnection = new MasterConnection(master, limits);
    this.statusConnection = new MasterConnection(master, limits);
    this.thread = new Thread(this::run, "master-link");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** The id the master gave this agent; empty until the first registration. */
  public Optional<String> agentId() {
    return Optional.ofNullable(agentId);
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
        if (!registered) {
          register();
          backoff = FIRST_BACKOFF;
        } else {
          sleep(heartbeatInterval);
          if (running && registered) {
            heartbeatConnection.call(c -> c.heartbeat(new HeartbeatRequest(agentId)));
          }
        }
      } catch (MesetaError e) {
        if (!running) {
          return;
        }
        handle(e);
        backoff = sleepBackoff(backoff);
      } catch (TException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("Cannot reach the master at {}: {}; retrying", master, e.toString());
        backoff = sleepBackoff(backoff);
      } catch (InterruptedException e) {
        if (!running) {
          return; // closed; otherwise woken by a refused status update: act on it now
        }
      }
    }
  }

  private void register() throws TException {
    List<RunningTask> running = new ArrayList<>();
    if (agentId != null) {
      for (TaskSnapshot t : host.activeTasks()) {
        running.add(AgentHandler.runningTask(t));
      }
    }
    RegisterAgentRequest req = new RegisterAgentRequest(hostname, agentPort, ResourceCodec.toWire(total),
        ResourceCodec.attributesToWire(attributes));
    req.setProtocolVersion(mesetaConstants.PROTOCOL_VERSION);
    if (agentId != null) {
      req.setAgentId(agentId).setRunningTasks(running);
    }
    RegisterAgentResponse resp = heartbeatConnection.call(c -> c.registerAgent(req));
    boolean again = agentId != null;
    agentId = resp.getAgentId();
    heartbeatInterval = Duration.ofMillis(Math.max(10, resp.getHeartbeatIntervalMillis()));
    registered = true;
    LOG.info("{} with master {} ({}) as agent {}", again ? "Re-registered" : "Registered", resp.getMasterId(),
        master, agentId);
    firstRegistration.countDown();
    host.registered(agentId);
  }

  private void handle(MesetaError e) {
    if (e.getCode() == ErrorCode.UNKNOWN_AGENT) {
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
    if (id == null || !registered) {
      throw new StatusSendException("the agent is not registered with the master");
    }
    StatusUpdateRequest req = new StatusUpdateRequest(id, frameworkId.value(), StatusCodec.toWire(status));
    try {
      statusConnection.call(c -> {
        c.statusUpdate(req);
        return null;
      });
    } catch (MesetaError e) {
      if (e.getCode() == ErrorCode.UNKNOWN_AGENT) {
        registered = false;
        thread.interrupt(); // wake the link so it re-registers now rather than after a heartbeat
      }
      throw new StatusSendException("the master refused it: " + e.getCode() + " " + e.getMessage());
    } catch (TException e) {
      throw new StatusSendException("cannot reach the master at " + master + ": " + e);
    }
  }

  /** Stops registering and heartbeating, at once. */
  @Override
  public void close() {
    running = false;
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
