package io.meseta.slave.task;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.time.Clock;
import io.meseta.slave.checkpoint.TaskCheckpointStore;
import io.meseta.slave.containerizer.Container;
import io.meseta.slave.containerizer.ContainerExit;
import io.meseta.slave.containerizer.Containerizer;
import io.meseta.slave.fetcher.Fetcher;
import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.status.StatusUpdateManager;
import io.meseta.slave.status.TaskKey;
import io.meseta.slave.users.TaskUserPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks this agent knows: launches them (on worker threads), kills them, and forgets them
 * once their terminal status update has been acknowledged. Sandboxes live in
 * {@code workDir/sandboxes/<frameworkId>/<taskId>/} and are kept after the task ends. Each task
 * is checkpointed in {@code workDir/meta/tasks/} until it is forgotten, so that an agent
 * restarted on the same work directory finds it again ({@link #recover}).
 */
public final class TaskManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);

  private final Path sandboxRoot;
  private final Duration defaultGrace;
  private final Containerizer containerizer;
  private final StatusUpdateManager updates;
  private final TaskCheckpoints checkpoints;
  private final ExecutorService worker;
  private final TaskLauncher launcher;
  private final TaskRecovery recovery;
  private final Counter launched;
  private final Counter lost;
  private final Map<TaskKey, AgentTask> tasks = new TreeMap<>();

  public TaskManager(Path workDir, Duration defaultGrace, Containerizer containerizer, TaskUserPolicy users,
      Fetcher fetcher, StatusUpdateManager updates, Clock clock, MetricRegistry metrics, TaskEndListener onEnd) {
    this.sandboxRoot = workDir.resolve("sandboxes").toAbsolutePath().normalize();
    if (users.switchesUsers()) {
      SandboxAccess.openPath(workDir.toAbsolutePath().normalize(), workDir.toAbsolutePath().normalize());
      SandboxAccess.warnIfUnreachable(workDir.toAbsolutePath().normalize());
    }
    this.defaultGrace = defaultGrace;
    this.containerizer = containerizer;
    this.updates = updates;
    this.checkpoints = new TaskCheckpoints(new TaskCheckpointStore(workDir.resolve("meta").resolve("tasks")));
    AtomicInteger n = new AtomicInteger();
    this.worker = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "task-launcher-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.launcher = new TaskLauncher(containerizer, users, checkpoints, fetcher, updates, clock, worker, metrics,
        onEnd);
    this.recovery = new TaskRecovery(checkpoints.store(), containerizer, launcher, updates, clock,
        key -> sandboxRoot.resolve(key.frameworkId().value()).resolve(key.taskId().value()));
    this.launched = metrics.counter("tasks.launched");
    this.lost = metrics.counter("tasks.lost");
  }

  /** The sandbox of a task. */
  public Path sandbox(FrameworkId frameworkId, TaskSpec spec) {
    return sandboxRoot.resolve(frameworkId.value()).resolve(spec.taskId().value());
  }

  /**
   * Finds the tasks an earlier agent process on this work directory checkpointed: re-attaches to
   * those still running, reports how those that ended meanwhile ended, and keeps those whose
   * terminal update is not yet acknowledged. Call once, before anything is launched, after
   * {@link StatusUpdateManager#recover()}.
   *
   * @param agentId the agent's recovered id, for reports about tasks whose checkpoint is unreadable
   * @return the tasks recovered, in key order
   */
  public List<TaskSnapshot> recover(StatusUpdateManager.Recovered stored, Optional<AgentId> agentId) {
    List<AgentTask> found = recovery.load(stored);
    synchronized (this) {
      found.forEach(t -> tasks.put(t.key(), t));
    }
    recovery.resume(found, agentId);
    return found.stream().map(AgentTask::snapshot).toList();
  }

  /**
   * Accepts the tasks and starts launching them in the background; all or none.
   *
   * @param frameworkUser the user the framework names, if the launch says
   * @throws DuplicateTaskException if a task id is already known here or repeats in {@code specs}
   */
  public void launch(FrameworkId frameworkId, Optional<String> frameworkUser, List<TaskSpec> specs)
      throws DuplicateTaskException {
    List<AgentTask> accepted = new ArrayList<>();
    synchronized (this) {
      Set<TaskKey> seen = new HashSet<>();
      for (TaskSpec spec : specs) {
        TaskKey key = new TaskKey(frameworkId, spec.taskId());
        if (tasks.containsKey(key) || !seen.add(key)) {
          throw new DuplicateTaskException("task '" + spec.taskId() + "' of framework '" + frameworkId
              + "' is already " + (tasks.containsKey(key) ? "known to this agent" : "listed in this launch"));
        }
        accepted.add(new AgentTask(frameworkId, spec, sandbox(frameworkId, spec), frameworkUser));
      }
      accepted.forEach(t -> tasks.put(t.key(), t));
    }
    launched.inc(accepted.size());
    for (AgentTask t : accepted) {
      LOG.info("Launching task {} ({})", t.key(), t.spec().name());
      worker.execute(() -> launcher.run(t));
    }
  }

  /**
   * Kills a task: SIGTERM, then SIGKILL after the task's grace period, else {@code requested},
   * else the agent's default. Killing a task that already ended does nothing.
   *
   * @throws UnknownTaskException if the agent does not know the task
   */
  public void kill(TaskKey key, Optional<Duration> requested) throws UnknownTaskException {
    AgentTask task;
    synchronized (this) {
      task = tasks.get(key);
    }
    if (task == null) {
      throw new UnknownTaskException("task '" + key.taskId() + "' of framework '" + key.frameworkId()
          + "' is not known to this agent");
    }
    if (task.state().isTerminal()) {
      LOG.info("Not killing task {}: it is already {}", key, task.state());
      return;
    }
    Duration grace = task.spec().killGracePeriod().or(() -> requested).orElse(defaultGrace);
    LOG.info("Killing task {} with a grace period of {}", key, grace);
    Optional<Container> running = task.requestKill(grace);
    checkpoints.save(task);
    running.ifPresent(c -> containerizer.kill(c, grace));
  }

  /** Kills every task of {@code frameworkId}; returns how many were asked to stop. */
  public int shutdownFramework(FrameworkId frameworkId) {
    List<TaskKey> keys = new ArrayList<>();
    synchronized (this) {
      tasks.keySet().stream().filter(k -> k.frameworkId().equals(frameworkId)).forEach(keys::add);
    }
    int n = 0;
    for (TaskKey key : keys) {
      try {
        kill(key, Optional.empty());
        n++;
      } catch (UnknownTaskException e) {
        LOG.debug("Task {} ended while its framework was shut down", key);
      }
    }
    return n;
  }

  /** Forgets a task whose terminal update was acknowledged, and deletes its checkpoint. */
  public void forget(TaskKey key) {
    AgentTask task;
    synchronized (this) {
      task = tasks.remove(key);
    }
    if (task != null) {
      checkpoints.remove(task);
      LOG.info("Forgot task {}", key);
    }
  }

  /**
   * Gives up every task: kills them, reports nothing more about them, forgets them and returns
   * their keys (their pending updates are dropped).
   */
  public List<TaskKey> abandonAll() {
    return abandonTasks().stream().map(AgentTask::key).toList();
  }

  private List<AgentTask> abandonTasks() {
    List<AgentTask> all;
    synchronized (this) {
      all = new ArrayList<>(tasks.values());
      tasks.clear();
    }
    List<TaskKey> keys = new ArrayList<>();
    for (AgentTask t : all) {
      keys.add(t.key());
      if (!t.state().isTerminal()) {
        lost.inc();
      }
      Duration grace = t.spec().killGracePeriod().orElse(defaultGrace);
      Optional<Container> running = t.abandon(grace);
      checkpoints.remove(t);
      running.ifPresent(c -> containerizer.kill(c, grace));
    }
    updates.drop(keys);
    LOG.info("Abandoned {} task(s)", keys.size());
    return all;
  }

  /** The directory holding the sandboxes ({@code workDir/sandboxes}). */
  public Path sandboxRoot() {
    return sandboxRoot;
  }

  /** The state of a task the agent has not forgotten. */
  public Optional<io.meseta.core.task.TaskState> state(TaskKey key) {
    AgentTask task;
    synchronized (this) {
      task = tasks.get(key);
    }
    return task == null ? Optional.empty() : Optional.of(task.state());
  }

  /** The tasks not yet forgotten, in key order. */
  public synchronized List<TaskSnapshot> tasks() {
    List<TaskSnapshot> out = new ArrayList<>();
    tasks.values().forEach(t -> out.add(t.snapshot()));
    return out;
  }

  /** What the containers of the running tasks use now, for those whose isolators measure it; in key order. */
  public Map<TaskKey, ContainerUsage> usage() {
    List<AgentTask> all;
    synchronized (this) {
      all = new ArrayList<>(tasks.values());
    }
    Map<TaskKey, ContainerUsage> out = new TreeMap<>();
    for (AgentTask t : all) {
      if (!t.state().isTerminal()) {
        t.container().flatMap(containerizer::usage).ifPresent(u -> out.put(t.key(), u));
      }
    }
    return out;
  }

  /** The tasks that have not reached a terminal state, in key order. */
  public List<TaskSnapshot> activeTasks() {
    return tasks().stream().filter(s -> !s.state().isTerminal()).toList();
  }

  /**
   * Every task not yet forgotten, as the master is told about it on (re-)registration: a task
   * whose terminal update is still unacknowledged is reported in its last state before that
   * update (see {@link AgentTask#reportedSnapshot()}), so the master does not report it LOST.
   */
  public synchronized List<TaskSnapshot> reportedTasks() {
    List<TaskSnapshot> out = new ArrayList<>();
    tasks.values().forEach(t -> out.add(t.reportedSnapshot()));
    return out;
  }

  /**
   * Stops launching. With {@code killTasks}, first abandons every task (deleting its checkpoint)
   * and waits up to {@code maxWait} for their processes to exit; without, running processes are
   * left alone and their checkpoints kept for the next agent process, and from now on nothing
   * more is checkpointed or reported.
   */
  public void shutdown(boolean killTasks, Duration maxWait) {
    if (killTasks) {
      awaitExits(abandonTasks(), maxWait);
    }
    checkpoints.stop();
    worker.shutdownNow();
  }

  private static void awaitExits(List<AgentTask> killed, Duration maxWait) {
    List<CompletableFuture<ContainerExit>> exits = new ArrayList<>();
    for (AgentTask t : killed) {
      t.exit().ifPresent(exits::add);
    }
    try {
      CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0]))
          .get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("Some tasks were still running {} after they were killed", maxWait);
    } catch (ExecutionException e) {
      LOG.warn("Could not wait for a task to exit: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown(false, Duration.ZERO);
  }
}
