package io.meseta.slave;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.meseta.core.ids.AgentId;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.Clock;
import io.meseta.core.time.SystemClock;
import io.meseta.discovery.MasterDetector;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcServer;
import io.meseta.slave.checkpoint.AgentCheckpoint;
import io.meseta.slave.checkpoint.CheckpointException;
import io.meseta.slave.containerizer.Containerizer;
import io.meseta.slave.containerizer.ContainerIsolation;
import io.meseta.slave.containerizer.ProcessContainerizer;
import io.meseta.slave.containerizer.UserSwitch;
import io.meseta.slave.isolation.CgroupsIsolator;
import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.isolation.IsolationConfig;
import io.meseta.slave.isolation.IsolationException;
import io.meseta.slave.isolation.IsolatorSet;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.fetch.FetchCache;
import io.meseta.hdfs.fetch.FetchMetrics;
import io.meseta.hdfs.fetch.HadoopFetcher;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.logs.LogArchiver;
import io.meseta.protocol.http.HttpEndpoints;
import io.meseta.slave.fetcher.Fetcher;
import io.meseta.slave.files.SandboxFiles;
import io.meseta.slave.http.AgentHttp;
import io.meseta.slave.logs.TaskLogArchive;
import io.meseta.slave.rpc.UsageReports;
import io.meseta.slave.task.TaskEndListener;
import io.meseta.slave.resources.ResourceDetector;
import io.meseta.slave.rpc.AgentHandler;
import io.meseta.slave.rpc.MasterLink;
import io.meseta.slave.status.StatusSendException;
import io.meseta.slave.status.StatusUpdateManager;
import io.meseta.slave.status.TaskKey;
import io.meseta.slave.status.UpdateStore;
import io.meseta.slave.task.TaskManager;
import io.meseta.slave.task.TaskSnapshot;
import io.meseta.slave.users.TaskUserPolicy;
import io.meseta.slave.users.UserRefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: detects its resources, serves the master on its Thrift port, registers and
 * heartbeats, runs the tasks it is given and reports their status reliably.
 *
 * <p>Recovery: the agent checkpoints its id ({@code workDir/meta/agent.json}), each task
 * ({@code workDir/meta/tasks/}) and each task's unacknowledged status updates
 * ({@code workDir/meta/updates/}). Tasks run in their own sessions and outlive the agent. An
 * agent started on the work directory of one that died (even by SIGKILL) loads the pending
 * updates, re-attaches to the tasks still running, reports how those that ended meanwhile ended,
 * and registers under the same id with its tasks.
 *
 * <p>Isolation: tasks run in containers isolated by the configured or detected isolators
 * ({@link AgentConfig#isolation()}), as the OS user {@link TaskUserPolicy} chooses (never root
 * unless named, when the agent is root). A container over its memory limit or disk quota ends
 * FAILED with {@code MEMORY_LIMIT} or {@code DISK_LIMIT}; after a restart, containers no recovered
 * task accounts for are destroyed. Per-task usage: {@link #usage()} and the gauges
 * {@code containers.<framework>/<task>.*} in {@link #metrics()}, and sent to the master with each
 * heartbeat.
 *
 * <p>HTTP ({@link AgentHttp}, unless {@code http_port} is -1): {@code /metrics}, {@code /health} and
 * {@code /files/read} for the files of task sandboxes; the port is reported to the master when the
 * agent registers. With a {@code log_archive_dir}, each ended task's stdout and stderr are copied
 * there ({@link TaskLogArchive}).
 *
 * <p>Threads: Thrift workers serve the master's calls; "master-link" registers and heartbeats;
 * "status" sends status updates; "task-launcher-N" fetch and start tasks; "container-limits"
 * polls limits; "containerizer-reaper-N" destroy containers whose process ended.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** How long a stopping agent lets queued log archiving finish. */
  private static final Duration LOG_ARCHIVE_WAIT = Duration.ofSeconds(30);

  private final AgentConfig config;
  private final MetricRegistry metrics = new MetricRegistry();
  private final JmxReporter jmx;
  private final Resources total;
  private final IsolatorSet isolators;
  private final Containerizer containerizer;
  private final HadoopFileSystems hadoop;
  private final Fetcher fetcher;
  private final StatusUpdateManager updates;
  private final TaskManager tasks;
  private final RpcServer server;
  private final Optional<TaskLogArchive> logArchive;
  private volatile Optional<HttpEndpoints> http = Optional.empty();
  private volatile MasterLink link;
  private volatile boolean closed;

  private Agent(AgentConfig config, Clock clock) throws AgentStartException {
    this.config = config;
    try {
      this.total = ResourceDetector.detect(config.workDir(), config.resources());
    } catch (IOException e) {
      throw new AgentStartException("cannot use the work directory " + config.workDir() + ": " + e.getMessage(), e);
    }
    this.isolators = openIsolators(config);
    TaskUserPolicy users;
    UserSwitch userSwitch = UserSwitch.forThisProcess();
    try {
      users = TaskUserPolicy.forThisProcess(config.taskUser());
      if (users.switchesUsers() && !userSwitch.canSwitch()) {
        throw new UserRefusedException("the agent runs as root but cannot run tasks as other users: 'setpriv' "
            + "(util-linux) is missing");
      }
      this.hadoop = new HadoopFileSystems(HadoopConf.load(config.hadoopConfDir()));
      checkArchiveScheme(config, hadoop);
      this.fetcher = Fetcher.withHadoop(new HadoopFetcher(hadoop, new FetchCache(
          config.workDir().resolve("cache").resolve("fetch"), config.fetchCacheBytes(), new FetchMetrics(metrics))));
    } catch (UserRefusedException e) {
      isolators.close();
      throw new AgentStartException("cannot run tasks as configured: " + e.getMessage(), e);
    } catch (HadoopConfigException | IOException e) {
      isolators.close();
      throw new AgentStartException("cannot set up fetching from Hadoop file systems: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      isolators.close();
      throw new AgentStartException(e.getMessage(), e);
    }
    LOG.info("Tasks run isolated by {}, as {}", isolators.names(), users.switchesUsers()
        ? "the user their command or framework names, else '" + config.taskUser() + "'"
        : "the agent's user '" + users.agentUser().name() + "'");
    this.containerizer = new ProcessContainerizer(ContainerIsolation.start(isolators, config.limitPollInterval(),
        config.diskPollInterval()), userSwitch);
    UpdateStore store = new UpdateStore(config.workDir().resolve("meta").resolve("updates"));
    this.updates = new StatusUpdateManager(store, this::sendStatus,
        config.statusUpdateRetryInitial(), config.statusUpdateRetryMax(), this::forgetTask, metrics);
    this.logArchive = config.logArchiveDir().map(dir -> new TaskLogArchive(new LogArchiver(hadoop), dir, metrics));
    this.tasks = new TaskManager(config.workDir(), config.killGracePeriod(), containerizer, users, fetcher,
        updates, clock, metrics, logArchive.map(a -> (TaskEndListener) a).orElse(TaskEndListener.NONE));
    Optional<AgentId> recoveredId = recover();
    AgentHandler handler = new AgentHandler(tasks, updates, this::agentId, this::masterId, config.hostname(), total,
        metrics);
    try {
      this.server = RpcServer.start("agent", config.bindHost(), config.port(), new RpcServer.Services()
          .add(mesetaConstants.AGENT_SERVICE, new AgentService.Processor<>(handler)), config.rpcLimits());
    } catch (TTransportException | RuntimeException e) {
      stopParts();
      throw new AgentStartException("cannot serve on " + config.bindHost() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    try {
      this.http = startHttp();
    } catch (IOException e) {
      server.close();
      stopParts();
      throw new AgentStartException("cannot serve HTTP (http_port " + config.httpPort() + "): " + e.getMessage(), e);
    }
    this.link = new MasterLink(MasterDetector.of(config.master(), config.zooKeeper()), config.rpcLimits(),
        config.hostname(), server.port(), httpPort(), total, config.attributes(), config.registrationBackoffMax(),
        recoveredId.map(AgentId::value),
        new MasterLink.Host() {
          @Override
          public List<TaskSnapshot> reportedTasks() {
            return tasks.reportedTasks();
          }

          @Override
          public void abandonAllTasks() {
            tasks.abandonAll();
            deleteAgentCheckpoint();
          }

          @Override
          public void registered(String agentId, HostPort master) {
            checkpointAgent(agentId, master);
            updates.resendAll();
          }

          @Override
          public List<io.meseta.protocol.thrift.TaskUsage> usage() {
            return UsageReports.toWire(tasks.usage(), clock.millis());
          }
        });
    metrics.register("agent.registered", (Gauge<Integer>) () -> link.isRegistered() ? 1 : 0);
    metrics.register("tasks.active", (Gauge<Integer>) () -> tasks.activeTasks().size());
    this.jmx = JmxReporter.forRegistry(metrics).inDomain("meseta.agent").build();
  }

  /** Stops what the constructor started before the servers (a failed start). */
  private void stopParts() {
    tasks.close();
    updates.close();
    logArchive.ifPresent(TaskLogArchive::abort);
    containerizer.close();
    hadoop.close();
  }

  /**
   * The HTTP endpoints, unless {@code http_port} is -1. Only the default port (5081) may be taken:
   * then (several agents on one machine) a free port is used, logged and reported to the master.
   */
  private Optional<HttpEndpoints> startHttp() throws IOException {
    if (config.httpPort() == AgentConfig.HTTP_DISABLED) {
      return Optional.empty();
    }
    try {
      return Optional.of(startHttp(config.httpPort()));
    } catch (IOException e) {
      if (config.httpPort() != AgentConfig.DEFAULT_HTTP_PORT) {
        throw e;
      }
      LOG.warn("The default HTTP port {} is taken ({}); serving HTTP on a free port instead (set http_port to "
          + "choose one)", AgentConfig.DEFAULT_HTTP_PORT, e.getMessage());
      return Optional.of(startHttp(0));
    }
  }

  private HttpEndpoints startHttp(int port) throws IOException {
    return AgentHttp.start(config.bindHost(), port, metrics, new SandboxFiles(tasks.sandboxRoot()), tasks::state,
        this::health);
  }

  private Map<String, Object> health() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("status", "ok");
    m.put("agent_id", link == null ? null : link.agentId().orElse(null));
    m.put("registered", link != null && link.isRegistered());
    m.put("master", link == null ? null : link.master().map(HostPort::toString).orElse(null));
    m.put("tasks_active", tasks.activeTasks().size());
    m.put("isolators", isolators.names());
    m.put("log_archive", logArchive.map(a -> a.root().toString()).orElse(null));
    return m;
  }

  /** The HTTP port bound (the one picked for {@code http_port} 0); empty when HTTP is off. */
  public OptionalInt httpPort() {
    return http.map(h -> OptionalInt.of(h.port())).orElse(OptionalInt.empty());
  }

  /**
   * The isolators {@code config} names, or those detected. A cgroup root configured on purpose
   * must work even when the isolators are detected: detection falls back to posix silently only
   * for the default root.
   */
  private static IsolatorSet openIsolators(AgentConfig config) throws AgentStartException {
    IsolationConfig ic = config.isolationConfig();
    String what = config.isolation().map(l -> "'" + l + "'").orElse("the detected isolators");
    try {
      if (config.isolation().isPresent()) {
        return IsolatorSet.parse(config.isolation().get(), ic);
      }
      if (!ic.cgroupRoot().equals(IsolationConfig.DEFAULT_CGROUP_ROOT)) {
        CgroupsIsolator.open(ic); // fails if the configured root is unusable
      }
      return IsolatorSet.detect(ic);
    } catch (IsolationException e) {
      throw new AgentStartException("cannot isolate tasks with " + what + " (cgroup root " + ic.cgroupRoot()
          + "): " + e.getMessage(), e);
    }
  }

  /**
   * Starts an agent: it serves at once and registers with the master in the background.
   *
   * @throws AgentStartException if the work directory is unusable, the port cannot be bound, or
   *                             tasks cannot be isolated or run as users as configured
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

  /** A log archive on a file system Hadoop has no client for is a configuration error, found at start. */
  private static void checkArchiveScheme(AgentConfig config, HadoopFileSystems hadoop) {
    config.logArchiveDir().ifPresent(dir -> {
      String scheme = dir.getScheme() != null ? dir.getScheme() : hadoop.conf().defaultFileSystem().getScheme();
      if (!hadoop.supportsScheme(scheme)) {
        hadoop.close();
        throw new IllegalArgumentException("cannot archive task logs to " + dir + ": no Hadoop file system for "
            + "scheme '" + scheme + "'");
      }
    });
  }

  /** Hands an update to the master link; updates made during recovery wait until the link exists and registers. */
  private void sendStatus(io.meseta.core.ids.FrameworkId framework, io.meseta.core.task.TaskStatus status)
      throws StatusSendException {
    MasterLink l = link;
    if (l == null) {
      throw new StatusSendException("the agent has not registered with the master yet");
    }
    l.send(framework, status);
  }

  private void forgetTask(io.meseta.slave.status.TaskKey key) {
    tasks.forget(key);
  }

  /**
   * Loads what an earlier agent process on this work directory left: its id, its pending status
   * updates and its tasks. An unreadable agent checkpoint is logged; the id is then taken from the
   * recovered tasks if they agree on one, else the agent registers as a new agent.
   */
  private Optional<AgentId> recover() {
    Path file = AgentCheckpoint.file(config.workDir());
    Optional<AgentId> id = Optional.empty();
    try {
      id = AgentCheckpoint.read(file).map(AgentCheckpoint::agentId);
    } catch (CheckpointException e) {
      LOG.error("{}; the agent id is taken from the recovered tasks, if any", e.getMessage());
    }
    StatusUpdateManager.Recovered stored = updates.recover();
    List<TaskSnapshot> recovered = tasks.recover(stored, id);
    if (id.isEmpty()) {
      Set<AgentId> ids = new TreeSet<>();
      recovered.forEach(t -> ids.add(t.spec().agentId()));
      if (ids.size() == 1) {
        id = Optional.of(ids.iterator().next());
      } else if (ids.size() > 1) {
        LOG.error("The recovered tasks name several agent ids {}; registering as a new agent", ids);
      }
    }
    id.ifPresent(a -> LOG.info("Recovered agent {} with {} task(s) and {} pending status update(s)", a,
        recovered.size(), updates.pendingCount()));
    return id;
  }

  private void checkpointAgent(String agentId, HostPort master) {
    Path file = AgentCheckpoint.file(config.workDir());
    try {
      new AgentCheckpoint(AgentId.of(agentId), master.toString()).write(file);
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot checkpoint the agent id to {}: {}; a restarted agent would register as a new one", file,
          e.toString());
    }
  }

  private void deleteAgentCheckpoint() {
    Path file = AgentCheckpoint.file(config.workDir());
    try {
      AgentCheckpoint.delete(file);
    } catch (IOException e) {
      LOG.error("Cannot delete {}: {}", file, e.toString());
    }
  }

  /** The id the master gave this agent; empty until it first registered. */
  public Optional<String> agentId() {
    return link.agentId();
  }

  /** The id of the master this agent last registered with, if it has. */
  public Optional<String> masterId() {
    return link == null ? Optional.empty() : link.masterId();
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

  /** The master the agent talks to now (the leader, for a {@code zk://} master); empty while none is known. */
  public Optional<HostPort> master() {
    return link.master();
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

  /** What the containers of the running tasks use now (for those whose isolators measure it), in key order. */
  public Map<TaskKey, ContainerUsage> usage() {
    return tasks.usage();
  }

  /** The names of the isolators the agent runs its tasks with, in their set's order. */
  public List<String> isolators() {
    return isolators.names();
  }

  /** Status updates not yet acknowledged. */
  public int pendingUpdates() {
    return updates.pendingCount();
  }

  /**
   * Stops as if the agent's process had been SIGKILLed: no more heartbeats, updates, RPCs or
   * writes to the work directory; the task processes are left running and the checkpoints as they
   * are, for an agent started next on the same work directory. For tests of agent loss and recovery.
   */
  public synchronized void crash() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.warn("Agent {} crashing on request", agentId().orElse("(unregistered)"));
    tasks.shutdown(false, Duration.ZERO); // first: nothing more is checkpointed or reported
    updates.close();
    link.close();
    http.ifPresent(HttpEndpoints::close);
    server.close();
    logArchive.ifPresent(TaskLogArchive::abort);
    containerizer.close();
    hadoop.close();
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
    http.ifPresent(HttpEndpoints::close);
    server.close();
    tasks.shutdown(config.killTasksOnClose(), config.killGracePeriod().plusSeconds(5));
    logArchive.ifPresent(a -> a.close(LOG_ARCHIVE_WAIT));
    updates.close();
    containerizer.close();
    hadoop.close();
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
