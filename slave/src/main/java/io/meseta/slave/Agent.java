package io.meseta.slave;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.Clock;
import io.meseta.core.time.SystemClock;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcServer;
import io.meseta.slave.containerizer.Containerizer;
import io.meseta.slave.containerizer.ProcessContainerizer;
import io.meseta.slave.fetcher.Fetcher;
import io.meseta.slave.resources.ResourceDetector;
import io.meseta.slave.rpc.AgentHandler;
import io.meseta.slave.rpc.MasterLink;
import io.meseta.slave.status.StatusUpdateManager;
import io.meseta.slave.status.UpdateStore;
import io.meseta.slave.task.TaskManager;
import io.meseta.slave.task.TaskSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: detects its resources, serves the master on its Thrift port, registers and
 * heartbeats, runs the tasks it is given and reports their status reliably.
 *
 * <p>Threads: Thrift workers serve the master's calls; "master-link" registers and heartbeats;
 * "status" sends status updates; "task-launcher-N" fetch and start tasks.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final MetricRegistry metrics = new MetricRegistry();
  private final JmxReporter jmx;
  private final Resources total;
  private final Containerizer containerizer;
  private final StatusUpdateManager updates;
  private final TaskManager tasks;
  private final RpcServer server;
  private volatile MasterLink link;
  private volatile boolean closed;

  private Agent(AgentConfig config, Clock clock) throws AgentStartException {
    this.config = config;
    try {
      this.total = ResourceDetector.detect(config.workDir(), config.resources());
    } catch (IOException e) {
      throw new AgentStartException("cannot use the work directory " + config.workDir() + ": " + e.getMessage(), e);
    }
    this.containerizer = new ProcessContainerizer();
    UpdateStore store = new UpdateStore(config.workDir().resolve("meta").resolve("updates"));
    this.updates = new StatusUpdateManager(store, (framework, status) -> this.link.send(framework, status),
        config.statusUpdateRetryInitial(), config.statusUpdateRetryMax(), this::forgetTask, metrics);
    this.tasks = new TaskManager(config.workDir(), config.killGracePeriod(), containerizer, Fetcher.standard(),
        updates, clock, metrics);
    AgentHandler handler = new AgentHandler(tasks, updates, this::agentId, config.hostname(), total, metrics);
    try {
      this.server = RpcServer.start("agent", config.bindHost(), config.port(), new RpcServer.Services()
          .add(mesetaConstants.AGENT_SERVICE, new AgentService.Processor<>(handler)), config.rpcLimits());
    } catch (TTransportException | RuntimeException e) {
      tasks.close();
      updates.close();
      containerizer.close();
      throw new AgentStartException("cannot serve on " + config.bindHost() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    this.link = new MasterLink(config.master(), config.rpcLimits(), config.hostname(), server.port(), total,
        config.attributes(), config.registrationBackoffMax(), new MasterLink.Host() {
          @Override
          public List<TaskSnapshot> activeTasks() {
            return tasks.activeTasks();
          }

          @Override
          public void abandonAllTasks() {
            tasks.abandonAll();
          }

          @Override
          public void registered(String agentId) {
            updates.resendAll();
          }
        });
    metrics.register("agent.registered", (Gauge<Integer>) () -> link.isRegistered() ? 1 : 0);
    metrics.register("tasks.active", (Gauge<Integer>) () -> tasks.activeTasks().size());
    this.jmx = JmxReporter.forRegistry(metrics).inDomain("meseta.agent").build();
  }

  /**
   * Starts an agent: it serves at once and registers with the master in the background.
   *
   * @throws AgentStartException if the work directory is unusable or the port cannot be bound
   */
  public static Agent start(AgentConfig config) throws AgentStartException {
    return start(config, SystemClock.INSTANCE);
  }

  static Agent start(AgentConfig config, Clock clock) throws AgentStartException {
    Agent agent = new Agent(config, clock);
    agent.jmx.start();
    agent.link.start();
    LOG.info("Agent serving on {}:{} ({}), master {}, work directory {}", config.bindHost(), agent.port(),
        config.hostname(), config.master(), config.workDir());
    return agent;
  }

  private void forgetTask(io.meseta.slave.status.TaskKey key) {
    tasks.forget(key);
  }

  /** The id the master gave this agent; empty until it first registered. */
  public Optional<String> agentId() {
    return link.agentId();
  }

  /**
   * Waits until the agent has registered with the master and returns its id.
   *
   * @throws AgentStartException if that did not happen within {@code timeout}
   */
  public String awaitRegistered(Duration timeout) throws AgentStartException, InterruptedException {
    if (!link.awaitRegistered(timeout)) {
      throw new AgentStartException("the agent did not register with the master at " + config.master()
          + " within " + timeout, null);
    }
    return link.agentId().orElseThrow();
  }

  public boolean isRegistered() {
    return link.isRegistered();
  }

  /** The port the agent serves on (the configured one, or the one picked for port 0). */
  public int port() {
    return server.port();
  }

  public HostPort address() {
    return new HostPort(config.hostname(), port());
  }

  public AgentConfig config() {
    return config;
  }

  /** The resources this agent offers. */
  public Resources total() {
    return total;
  }

  public MetricRegistry metrics() {
    return metrics;
  }

  /** The tasks the agent knows, in (framework, task) order. */
  public List<TaskSnapshot> tasks() {
    return tasks.tasks();
  }

  /** Status updates not yet acknowledged. */
  public int pendingUpdates() {
    return updates.pendingCount();
  }

  /**
   * Stops as if the agent's machine had lost its network: no more heartbeats, updates or RPCs; the
   * task processes are left running. For tests of agent loss.
   */
  public synchronized void crash() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.warn("Agent {} crashing on request", agentId().orElse("(unregistered)"));
    link.close();
    server.close();
    updates.close();
    tasks.shutdown(false, Duration.ZERO);
    containerizer.close();
    jmx.stop();
  }

  /** Stops the agent; kills its tasks first when configured to ({@link AgentConfig#killTasksOnClose()}). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("Agent {} stopping", agentId().orElse("(unregistered)"));
    link.close();
    server.close();
    tasks.shutdown(config.killTasksOnClose(), config.killGracePeriod().plusSeconds(5));
    updates.close();
    containerizer.close();
    jmx.stop();
  }

  /** The agent could not start. */
  public static final class AgentStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
