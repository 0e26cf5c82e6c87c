package io.meseta.client;

import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.MasterDetector;
import io.meseta.discovery.ZkSettings;
import io.meseta.protocol.thrift.AcceptRequest;
import io.meseta.protocol.thrift.AcknowledgeRequest;
import io.meseta.protocol.thrift.DeclineRequest;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.FrameworkRequest;
import io.meseta.protocol.thrift.KillTaskRequest;
import io.meseta.protocol.thrift.ReconcileRequest;
import io.meseta.protocol.thrift.ReconcileTask;
import io.meseta.protocol.thrift.SetLocalityRequest;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.transport.RpcLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler driver: registers one framework with the Meseta master, delivers the master's
 * events to a {@link Scheduler}, and sends the framework's calls.
 *
 * <p><b>Finding the master.</b> The address is {@code HOST[:PORT]} for one master, or
 * {@code zk://HOST:PORT[,HOST:PORT...]/PATH} to follow the leader that the masters elect in
 * ZooKeeper (see {@link io.meseta.discovery.MasterDetector}). A standby master's NOT_LEADER
 * answer moves the client to the leader it names (or, if it names none, to the leader
 * ZooKeeper names); a lost connection is retried, with backoff, against whichever master is the
 * leader by then; a new leader in ZooKeeper moves the client there at once.
 *
 * <p><b>Failover.</b> When the client loses the master (connection failure, a leader change,
 * NOT_LEADER, or UNKNOWN_FRAMEWORK from a restarted master) it calls
 * {@link Scheduler#disconnected} once, registers again with the SAME framework id, retrying
 * with exponential backoff and jitter, calls {@link Scheduler#reregistered} when back, and polls
 * events again. The master keeps a disconnected framework and its tasks for the framework's
 * failover timeout ({@link Builder#failoverTimeout}; with the default 0 it may remove them as
 * soon as it notices the client gone, so set it above the time a failover or a client restart
 * takes). A new master re-sends the status updates that were not acknowledged, so an update
 * may reach {@link Scheduler#statusUpdate} more than once: schedulers must be idempotent.
 *
 * <p><b>Threads.</b> A started client runs threads of its own, all daemons (use
 * {@link #join()} to keep a JVM alive):
 * <ul>
 *   <li>the poll thread ({@code meseta-poll-<name>}) registers and long-polls the master for
 *   events, and does the reconnecting described above.</li>
 *   <li>ONE callback thread ({@code meseta-scheduler-<name>}) runs every {@link Scheduler}
 *   callback, one at a time, in the order of the master's events. Within one master's lifetime
 *   no event is delivered twice or skipped, reconnects included. No scheduler callback runs on
 *   any other thread.</li>
 *   <li>with a {@code zk://} address, the detector's thread ({@code meseta-detector}) and
 *   Curator's threads watch the leader; they never call the scheduler.</li>
 * </ul>
 *
 * <p><b>Calls</b> ({@link #accept}, {@link #decline}, {@link #killTask}, ...) are synchronous,
 * thread-safe and may be made from callbacks. They are not retried: they throw
 * {@link MesetaCallException} with the master's error code and message, or
 * {@link NotConnectedException} when there is no registration yet, the client is stopped, or the
 * master could not be reached.
 *
 * <p><b>Lifecycle:</b> {@link #start()}, then {@link #stop()} (the framework's tasks keep
 * running and another client may take over with the framework id within the failover timeout)
 * or {@link #stopAndTeardown()} (the master kills the tasks and forgets the framework). An ERROR
 * event from the master, or a refused registration, also stops the client after
 * {@link Scheduler#error}.
 */
public final class FrameworkClient implements AutoCloseable {
  /** Port used when the master address leaves it out. */
  public static final int DEFAULT_MASTER_PORT = MasterAddress.DEFAULT_PORT;

  private static final Logger LOG = LoggerFactory.getLogger(FrameworkClient.class);

  private final ClientSettings settings;
  private final MasterDetector detector;
  private final MasterLink link;
  private final CallbackDispatcher callbacks;
  private final EventPoller poller;
  private final Thread pollThread;
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  private FrameworkClient(ClientSettings settings, Scheduler scheduler) {
    this.settings = settings;
    String name = settings.framework().getName();
    this.detector = MasterDetector.of(settings.master(), settings.zooKeeper());
    this.link = new MasterLink(detector, settings.limits(), settings.pollWaitMillis());
    this.callbacks = new CallbackDispatcher("meseta-scheduler-" + name);
    Backoff backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), new Random(settings.backoffSeed()));
    this.poller = new EventPoller(this, scheduler, settings, detector, link, callbacks, backoff, stopRequested);
    this.pollThread = new Thread(poller, "meseta-poll-" + name);
    this.pollThread.setDaemon(true);
  }

  /**
   * A builder for a client of the master at {@code masterAddress} ({@code HOST[:PORT]}, default
   * port {@value #DEFAULT_MASTER_PORT}, or {@code zk://HOST:PORT[,HOST:PORT...]/PATH}) that
   * registers {@code framework} (set its {@code frameworkId} to take over an existing framework)
   * and calls {@code scheduler}.
   *
   * @throws IllegalArgumentException if the address is malformed (the message says how) or the
   *                                  framework has no name or user
   */
  public static Builder builder(String masterAddress, FrameworkInfo framework, Scheduler scheduler) {
    return new Builder(MasterAddress.parse(masterAddress), framework, scheduler);
  }

  /** As {@link #builder(String, FrameworkInfo, Scheduler)}, with an address already parsed. */
  public static Builder builder(MasterAddress masterAddress, FrameworkInfo framework, Scheduler scheduler) {
    return new Builder(Objects.requireNonNull(masterAddress, "masterAddress"), framework, scheduler);
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Starts the poll and callback threads; returns at once, with the first registration attempt
   * under way. Use {@link #awaitRegistered} or {@link Scheduler#registered} to learn the outcome.
   *
   * @throws IllegalStateException if called twice or after {@link #stop()}
   */
  public void start() {
    if (stopRequested.isDone()) {
      throw new IllegalStateException("the client is stopped; build a new one");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the client is already started");
    }
    LOG.info("framework client '{}' starting against master {}", settings.framework().getName(), settings.master());
    detector.addListener(leader -> {
      link.leaderChanged(leader);
      if (leader.isPresent()) {
        poller.wake();
      }
    });
    detector.start();
    pollThread.start();
  }

  /**
   * Waits until the first registration succeeded.
   *
   * @return the framework id
   * @throws TimeoutException      if {@code timeout} passes first
   * @throws MesetaCallException   if the master refused the registration
   * @throws NotConnectedException if the client stopped first
   * @throws IllegalStateException if the client was never started
   */
  public String awaitRegistered(Duration timeout) throws InterruptedException, TimeoutException {
    if (!started.get()) {
      throw new IllegalStateException("the client is not started");
    }
    try {
      return poller.registration().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MesetaCallException failure) {
        throw failure;
      }
      throw new IllegalStateException("registration failed", e.getCause());
    }
  }

  /**
   * Stops without tearing the framework down: its tasks keep running, and a client started with
   * its framework id may take over within the failover timeout. No callback starts after this,
   * a long poll in progress is broken off, a call in progress still gets its answer, later calls
   * throw {@link NotConnectedException}. Returns at once; see {@link #join()}. Idempotent, any
   * thread, callbacks included.
   */
  public void stop() {
    if (!stopRequested.isDone()) {
      LOG.info("stopping the framework client for {}", describe());
    }
    if (stopRequested.complete(null)) {
      callbacks.halt();
      link.close();
      if (!started.get()) {
        callbacks.shutdown();
        detector.close();
        poller.terminated().complete(null);
      }
    }
  }

  /**
   * Tears the framework down (the master kills its tasks and forgets it), then stops.
   *
   * @throws MesetaCallException if the teardown failed; the client is stopped anyway
   */
  public void stopAndTeardown() {
    try {
      teardown();
    } finally {
      stop();
    }
  }

  /**
   * Waits until the client's threads have ended (after {@link #stop()}, or an error).
   *
   * @throws IllegalStateException on the callback thread, where it would wait for itself
   */
  public void join() throws InterruptedException {
    checkNotCallbackThread("join");
    try {
      poller.terminated().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the client ended abnormally", e.getCause());
    }
  }

  /**
   * Waits up to {@code timeout} until the client's threads have ended.
   *
   * @return true if they have
   * @throws IllegalStateException on the callback thread, where it would wait for itself
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    checkNotCallbackThread("awaitTermination");
    try {
      poller.terminated().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the client ended abnormally", e.getCause());
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** The framework id, once registered (or from the start when taking over a known framework). */
  public Optional<String> frameworkId() {
    return Optional.ofNullable(poller.frameworkId());
  }

  // ------------------------------------------------------------------ calls

  /** Launches {@code tasks} on the offers (all from one agent); unused resources return to the pool. */
  public void accept(List<String> offerIds, List<TaskInfo> tasks, Filters filters) {
    AcceptRequest request = new AcceptRequest(requireFrameworkId("accept"), List.copyOf(offerIds), List.copyOf(tasks));
    if (filters != null) {
      request.setFilters(filters);
    }
    link.call("accept", c -> {
      c.accept(request);
      return null;
    });
  }

  /** Declines one offer; {@code filters} (may be null) says how long not to offer it again. */
  public void declineOffer(String offerId, Filters filters) {
    decline(List.of(offerId), filters);
  }

  /** Declines offers; {@code filters} (may be null) says how long not to offer them again. */
  public void decline(List<String> offerIds, Filters filters) {
    DeclineRequest request = new DeclineRequest(requireFrameworkId("decline"), List.copyOf(offerIds));
    if (filters != null) {
      request.setFilters(filters);
    }
    link.call("decline", c -> {
      c.decline(request);
      return null;
    });
  }

  /** Asks for offers again: clears declines' filters and undoes {@link #suppress()}. */
  public void revive() {
    FrameworkRequest request = new FrameworkRequest(requireFrameworkId("revive"));
    link.call("revive", c -> {
      c.revive(request);
      return null;
    });
  }

  /** Asks for no offers until {@link #revive()}. */
  public void suppress() {
    FrameworkRequest request = new FrameworkRequest(requireFrameworkId("suppress"));
    link.call("suppress", c -> {
      c.suppress(request);
      return null;
    });
  }

  /** Kills a task; its end arrives as a status update. */
  public void killTask(String taskId) {
    KillTaskRequest request = new KillTaskRequest(requireFrameworkId("killTask"), Objects.requireNonNull(taskId));
    link.call("killTask", c -> {
      c.killTask(request);
      return null;
    });
  }

  /**
   * Acknowledges a status update, so the agent stops resending it. Needed only without implicit
   * acknowledgements.
   *
   * @throws IllegalArgumentException if the status carries no update id (nothing to acknowledge)
   */
  public void acknowledge(TaskStatus status) {
    if (!status.isSetUpdateId()) {
      throw new IllegalArgumentException("the update of task " + status.getTaskId() + " has no updateId to acknowledge");
    }
    AcknowledgeRequest request = new AcknowledgeRequest(requireFrameworkId("acknowledge"), status.getAgentId(),
        status.getTaskId(), status.getUpdateId());
    link.call("acknowledge", c -> {
      c.acknowledge(request);
      return null;
    });
  }

  /**
   * Asks for the latest state of the named tasks, or of every task the master knows when the
   * list is empty; the answers arrive as status updates.
   */
  public void reconcile(List<ReconcileTask> tasks) {
    ReconcileRequest request = new ReconcileRequest(requireFrameworkId("reconcile"), List.copyOf(tasks));
    link.call("reconcile", c -> {
      c.reconcile(request);
      return null;
    });
  }

  /**
   * Tells the master where the framework wants its next tasks, replacing what it said before:
   * task counts per host name and per rack, plus HDFS paths (files, directories, globs) whose
   * blocks' hosts the master adds, one task per block. The master then offers an agent first to
   * the frameworks that want it, with delay scheduling; offers carry their locality level. Empty
   * maps and no paths clear the wishes. Waits (empty: the master's default, 1 s each) say how
   * long to pass up offers that are not node-local, then not rack-local.
   *
   * @throws MesetaCallException naming a path that does not exist or a name node that cannot be reached
   */
  public void setLocality(Map<String, Integer> hosts, Map<String, Integer> racks, List<String> hdfsPaths,
      Optional<Duration> nodeWait, Optional<Duration> rackWait) {
    SetLocalityRequest request = new SetLocalityRequest(requireFrameworkId("setLocality"), new HashMap<>(hosts),
        new HashMap<>(racks)).setHdfsPaths(List.copyOf(hdfsPaths));
    nodeWait.ifPresent(w -> request.setNodeWaitMillis(w.toMillis()));
    rackWait.ifPresent(w -> request.setRackWaitMillis(w.toMillis()));
    link.call("setLocality", c -> {
      c.setLocality(request);
      return null;
    });
  }

  /**
   * Tears the framework down: the master kills its tasks and forgets it, and reports that with
   * an ERROR event, which stops the client after {@link Scheduler#error}.
   */
  public void teardown() {
    FrameworkRequest request = new FrameworkRequest(requireFrameworkId("teardown"));
    poller.expectRemoval();
    link.call("teardown", c -> {
      c.teardown(request);
      return null;
    });
  }

  // ------------------------------------------------------------------ internals

  private String requireFrameworkId(String call) {
    if (stopRequested.isDone()) {
      throw new NotConnectedException(call, "the client is stopped");
    }
    String id = poller.frameworkId();
    if (id == null) {
      throw new NotConnectedException(call, "not registered with a master yet");
    }
    return id;
  }

  private void checkNotCallbackThread(String what) {
    if (callbacks.isCallbackThread()) {
      throw new IllegalStateException(what + " on the callback thread would wait for itself");
    }
  }

  private String describe() {
    return poller.frameworkId() != null ? poller.frameworkId() : "'" + settings.framework().getName() + "'";
  }

  /** Options of a {@link FrameworkClient}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private static final Duration MAX_POLL_WAIT = Duration.ofSeconds(60);
    private static final Duration MAX_FAILOVER_TIMEOUT = Duration.ofDays(365);

    private final MasterAddress master;
    private final FrameworkInfo framework;
    private final Scheduler scheduler;
    private boolean implicitAcknowledgements = true;
    private Duration pollWait = Duration.ofSeconds(10);
    private Duration backoffMin = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(10);
    private long backoffSeed = System.nanoTime();
    private RpcLimits limits = RpcLimits.DEFAULT;
    private ZkSettings zooKeeper = ZkSettings.DEFAULT;

    private Builder(MasterAddress master, FrameworkInfo framework, Scheduler scheduler) {
      this.master = master;
      Objects.requireNonNull(framework, "framework");
      if (framework.getName() == null || framework.getName().isBlank()) {
        throw new IllegalArgumentException("framework.name must not be empty");
      }
      if (framework.getUser() == null || framework.getUser().isBlank()) {
        throw new IllegalArgumentException("framework.user must not be empty");
      }
      if (framework.isSetFailoverTimeoutSeconds()) {
        checkFailoverTimeout(framework.getFailoverTimeoutSeconds());
      }
      this.framework = framework.deepCopy();
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Acknowledge each update that carries an updateId once statusUpdate returns (default true). */
    public Builder implicitAcknowledgements(boolean implicit) {
      this.implicitAcknowledgements = implicit;
      return this;
    }

    /** How long one long poll waits for events: more than 0, at most 60 s (default 10 s). */
    public Builder pollWait(Duration wait) {
      if (wait.toMillis() < 1 || wait.compareTo(MAX_POLL_WAIT) > 0) {
        throw new IllegalArgumentException("pollWait must be between 1 ms and " + MAX_POLL_WAIT + ", got " + wait);
      }
      this.pollWait = wait;
      return this;
    }

    /**
     * Delays between attempts to reach the master: from {@code min}, doubling up to {@code max},
     * with random jitter (defaults 100 ms and 10 s).
     */
    public Builder reconnectBackoff(Duration min, Duration max) {
      Backoff.validate(min, max);
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    /** Seed of the backoff jitter, for repeatable delays (default: from the clock). */
    public Builder backoffSeed(long seed) {
      this.backoffSeed = seed;
      return this;
    }

    /**
     * How long the master keeps the framework, its tasks and its unacknowledged updates after
     * the client disconnects (a crash, {@link FrameworkClient#stop()}, a master failover), waiting
     * for a client to register again with the framework id; then it kills the tasks and forgets
     * the framework. Sent as {@code FrameworkInfo.failoverTimeoutSeconds}, which this sets
     * (default: whatever the FrameworkInfo holds, else 0: no grace at all). At most 365 days.
     */
    public Builder failoverTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.compareTo(MAX_FAILOVER_TIMEOUT) > 0) {
        throw new IllegalArgumentException("failoverTimeout must be between 0 and " + MAX_FAILOVER_TIMEOUT.toDays()
            + " days, got " + timeout);
      }
      framework.setFailoverTimeoutSeconds(timeout.toMillis() / 1000.0);
      return this;
    }

    /** ZooKeeper session timeout and retries, for a {@code zk://} address (default {@link ZkSettings#DEFAULT}). */
    public Builder zooKeeper(ZkSettings settings) {
      this.zooKeeper = Objects.requireNonNull(settings, "settings");
      return this;
    }

    private static void checkFailoverTimeout(double seconds) {
      if (!(seconds >= 0 && seconds <= MAX_FAILOVER_TIMEOUT.toSeconds())) {
        throw new IllegalArgumentException("framework.failoverTimeoutSeconds must be between 0 and "
            + MAX_FAILOVER_TIMEOUT.toSeconds() + ", got " + seconds);
      }
    }

    /** Frame size and timeouts of the Thrift connections (default {@link RpcLimits#DEFAULT}). */
    public Builder rpcLimits(RpcLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** A client, not yet started. */
    public FrameworkClient build() {
      return new FrameworkClient(new ClientSettings(master, zooKeeper, framework.deepCopy(), implicitAcknowledgements,
          pollWait, backoffMin, backoffMax, backoffSeed, limits), scheduler);
    }
  }
}
