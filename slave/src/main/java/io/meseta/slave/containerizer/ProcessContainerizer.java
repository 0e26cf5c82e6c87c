package io.meseta.slave.containerizer;

import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.isolation.IsolationException;
import io.meseta.slave.isolation.IsolationPlan;
import io.meseta.slave.isolation.IsolationRequest;
import io.meseta.slave.isolation.LimitEvent;
import io.meseta.slave.users.OsUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each container as a child process in its own session and process group, started through
 * {@code setsid} (which execs in place, so the process's pid is also its process group id). The
 * process outlives the agent's JVM. Output goes to the files {@code stdout} and {@code stderr} in
 * the sandbox. A kill signals the whole process group: SIGTERM, then SIGKILL after the grace
 * period (to whatever is left of the group, even if the main process has exited).
 *
 * <p>The command runs under an {@link ExitRecordingWrapper}, which is the group leader and records
 * the command's exit status in the sandbox. A process launched by an earlier agent process is
 * adopted by {@link #recover}: it is signalled the same way (by process group), its exit is seen
 * by polling {@code /proc} ({@link ExitWatcher}) and its status read from the wrapper's record.
 *
 * <p>Isolation ({@link ContainerIsolation}): before the process starts, the isolators prepare the
 * container, and the process is started as {@code setsid} + the plan's setup shell (which joins
 * the cgroups and execs in place, so the wrapper's pid stays the group leader and is inside them)
 * + the wrapper + the plan's prefix (namespaces) + the user switch ({@link UserSwitch}) + the
 * command. Once the main process has exited the container is destroyed (what is left of it
 * killed, double-forked daemons included) before {@link #exit} completes. A forced kill kills the
 * whole container through the isolators. A setup failure ends the process with status
 * {@link IsolationPlan#SETUP_FAILED_STATUS} before the wrapper starts.
 */
public final class ProcessContainerizer implements Containerizer {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessContainerizer.class);
  private static final String SETSID = "setsid";
  private static final String STDOUT = "stdout";
  private static final String STDERR = "stderr";
  private static final long SIGNAL_TIMEOUT_SECONDS = 5;

  private final String killProgram;
  private final ScheduledExecutorService killTimer;
  private final ExecutorService reaper;
  private final ContainerIsolation isolation;
  private final UserSwitch users;
  private final ExitWatcher watcher = new ExitWatcher();
  private final Map<ProcessIdentity, AdoptedContainer> adopted = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Containers without isolation, run as the agent's user or as their spec's (when root). */
  public ProcessContainerizer() {
    this(ContainerIsolation.none(), UserSwitch.forThisProcess());
  }

  /** Containers isolated by {@code isolation}, which the containerizer closes when it is closed. */
  public ProcessContainerizer(ContainerIsolation isolation, UserSwitch users) {
    this.isolation = Objects.requireNonNull(isolation, "isolation");
    this.users = Objects.requireNonNull(users, "users");
    this.killProgram = findKillProgram();
    this.killTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "containerizer-kill-timer");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger n = new AtomicInteger();
    this.reaper = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "containerizer-reaper-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Container launch(ContainerSpec spec) throws ContainerLaunchException {
    Optional<OsUser> user = users.target(spec);
    Path sandbox = spec.sandbox();
    try {
      Files.createDirectories(sandbox);
      ExitRecordingWrapper.clear(sandbox);
      for (String output : List.of(STDOUT, STDERR)) {
        Files.deleteIfExists(sandbox.resolve(output));
        Files.createFile(sandbox.resolve(output)); // so that the task's user owns it
      }
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot create sandbox " + sandbox + ": " + e, e);
    }
    IsolationPlan plan;
    try {
      plan = isolation.prepare(new IsolationRequest(spec.id(), sandbox, spec.resources(), spec.user()));
    } catch (IsolationException e) {
      throw new ContainerLaunchException("cannot isolate container " + spec.id() + ": " + e.getMessage(), e);
    }
    try {
      Process process = start(spec, plan, user);
      LOG.info("Container {} started as pid {} (process group {}) in {}{}", spec.id(), process.pid(),
          process.pid(), sandbox, user.map(u -> " as user " + u.name()).orElse(""));
      ChildContainer c = new ChildContainer(spec.id(), process, ProcessTable.running(process.pid()), sandbox);
      isolation.watch(spec.id());
      c.exit = process.onExit().thenApplyAsync(p -> ended(c, p.exitValue()), this::reap);
      return c;
    } catch (IOException | RuntimeException e) {
      isolation.destroy(spec.id());
      throw new ContainerLaunchException("cannot start " + spec.commandLine() + " in " + sandbox + ": "
          + e.getMessage(), e);
    }
  }

  private Process start(ContainerSpec spec, IsolationPlan plan, Optional<OsUser> user) throws IOException {
    List<String> inner = new ArrayList<>();
    user.ifPresent(u -> inner.addAll(users.prefix(u)));
    inner.addAll(spec.commandLine());
    List<String> wrapped = ExitRecordingWrapper.wrap(plan.prefixed(inner),
        user.map(users::prefix).orElse(List.of()));
    List<String> command = new ArrayList<>();
    command.add(SETSID);
    command.addAll(plan.launchCommand(wrapped));
    Path sandbox = spec.sandbox();
    if (user.isPresent()) {
      UserSwitch.chown(sandbox, user.get());
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.to(sandbox.resolve(STDOUT).toFile()))
        .redirectError(ProcessBuilder.Redirect.to(sandbox.resolve(STDERR).toFile()));
    user.ifPresent(u -> pb.environment().putAll(UserSwitch.environment(u)));
    pb.environment().putAll(spec.environment());
    pb.environment().putAll(plan.environment());
    return pb.start();
  }

  /** Runs what follows an exit on the reaper; after {@link #close}, here (it then destroys nothing). */
  private void reap(Runnable r) {
    try {
      reaper.execute(r);
    } catch (RejectedExecutionException e) {
      r.run();
    }
  }

  /** Destroys a container whose main process exited, unless the containerizer was closed meanwhile. */
  private Optional<LimitEvent> destroyAfterExit(String id) {
    if (closed) {
      LOG.info("Container {} ended after the containerizer closed; it is left for the next agent", id);
      return Optional.empty();
    }
    return isolation.destroy(id);
  }

  /** After the main process of a child container exited: destroys the container. */
  private ContainerExit ended(ChildContainer c, int status) {
    Optional<LimitEvent> limit = destroyAfterExit(c.id);
    // The setup shell exits 125 before the wrapper starts (so before it writes its pid).
    boolean setupFailed = status == IsolationPlan.SETUP_FAILED_STATUS
        && ExitRecordingWrapper.recordedPid(c.sandbox).isEmpty();
    return new ContainerExit(status, limit, setupFailed);
  }

  @Override
  public Optional<Container> recover(String id, Path sandbox, ProcessIdentity process) {
    if (!ProcessTable.isRunning(process)) {
      return Optional.empty();
    }
    LOG.info("Container {} adopted: pid {} (process group {}) still runs in {}", id, process.pid(), process.pid(),
        sandbox);
    return Optional.of(adopted.computeIfAbsent(process, p -> {
      AdoptedContainer a = new AdoptedContainer(id, p, sandbox);
      a.exit = watcher.watch(p, () -> recordedExit(sandbox).orElseThrow(() -> new ExitStatusUnknownException(
          "the process of container " + id + " ended without recording its exit status in " + sandbox)))
          .handleAsync((exit, error) -> ended(a, exit, error), this::reap);
      return a;
    }));
  }

  /** After the main process of an adopted container exited: destroys the container. */
  private ContainerExit ended(AdoptedContainer a, ContainerExit exit, Throwable error) {
    adopted.remove(a.process);
    Optional<LimitEvent> limit = destroyAfterExit(a.id);
    if (error == null) {
      return new ContainerExit(exit.status(), limit, exit.isolationFailed());
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (limit.isPresent()) {
      return new ContainerExit(ContainerExit.KILLED_STATUS, limit, false); // killed over its limit, wrapper included
    }
    throw error instanceof CompletionException ce ? ce : new CompletionException(cause);
  }

  @Override
  public Optional<LimitEvent> destroy(String id) {
    return isolation.destroy(id);
  }

  @Override
  public void completeRecovery(Collection<ContainerSpec> running) {
    Set<String> alive = new TreeSet<>();
    adopted.values().stream().filter(AdoptedContainer::isAlive).forEach(a -> alive.add(a.id));
    List<IsolationRequest> known = new ArrayList<>();
    for (ContainerSpec spec : running) {
      if (alive.contains(spec.id())) { // one that ended meanwhile was destroyed already
        known.add(new IsolationRequest(spec.id(), spec.sandbox(), spec.resources(), spec.user()));
      }
    }
    isolation.recover(known);
    known.forEach(r -> isolation.watch(r.containerId()));
  }

  @Override
  public Optional<ContainerUsage> usage(Container container) {
    return isolation.usage(cast(container).id);
  }

  /** Adopts the process whose pid the wrapper recorded, if it runs with {@code sandbox} as working directory. */
  @Override
  public Optional<Container> recoverFromSandbox(String id, Path sandbox) {
    Optional<ProcessIdentity> process = ExitRecordingWrapper.recordedPid(sandbox).flatMap(ProcessTable::running);
    if (process.isEmpty() || !ProcessTable.cwd(process.get().pid()).map(cwd -> sameFile(cwd, sandbox)).orElse(false)) {
      return Optional.empty();
    }
    return recover(id, sandbox, process.get());
  }

  @Override
  public Optional<ContainerExit> recordedExit(Path sandbox) {
    return ExitRecordingWrapper.recordedExit(sandbox);
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void kill(Container container, Duration gracePeriod) {
    ProcessContainer c = cast(container);
    if (!c.isAlive()) {
      return;
    }
    LOG.info("Killing container {} (process group {}): SIGTERM, SIGKILL after {}", c.id, c.pid(), gracePeriod);
    signalGroup(c, "TERM");
    killTimer.schedule(() -> {
      if (c.isAlive()) {
        LOG.info("Container {} outlived its grace period of {}: SIGKILL", c.id, gracePeriod);
      }
      // Even when the main process is gone, members that ignored SIGTERM may remain in its group.
      // Linux does not reuse a group's id while any member lives; an empty group just fails the kill.
      signalGroup(c, "KILL");
      isolation.killAll(c.id); // and what left the group: double-forked daemons
    }, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<ContainerExit> exit(Container container) {
    return cast(container).exit;
  }

  /**
   * Starts no more kills, stops watching adopted processes and limits, and releases the
   * isolators; running containers are left alone. The SIGKILLs of kills already requested still
   * follow their grace periods.
   */
  @Override
  public void close() {
    closed = true;
    killTimer.shutdown();
    watcher.close();
    reaper.shutdown();
    isolation.close();
  }

  private void signalGroup(ProcessContainer c, String signal) {
    List<String> cmd = List.of(killProgram, "-" + signal, "--", "-" + c.pid());
    try {
      Process kill = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(SIGNAL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        LOG.warn("'{}' did not return within {} s", String.join(" ", cmd), SIGNAL_TIMEOUT_SECONDS);
      } else if (kill.exitValue() != 0 && c.isAlive()) {
        LOG.warn("'{}' failed with status {}", String.join(" ", cmd), kill.exitValue());
      }
    } catch (IOException e) {
      LOG.error("Cannot run '{}' to signal container {}: {}", String.join(" ", cmd), c.id, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ProcessContainer cast(Container container) {
    if (container instanceof ProcessContainer c) {
      return c;
    }
    throw new IllegalArgumentException("container " + container.id() + " was not launched by a ProcessContainerizer");
  }

  private static String findKillProgram() {
    for (String candidate : List.of("/bin/kill", "/usr/bin/kill")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "kill";
  }

  /** A container's main process; its pid is its process group id. */
  private abstract static class ProcessContainer implements Container {
    final String id;
    /** Completes once the process exited and the container was destroyed; set once, right after construction. */
    volatile CompletableFuture<ContainerExit> exit;

    ProcessContainer(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String toString() {
      return "container " + id + " (pid " + pid() + ")";
    }
  }

  /** A process this containerizer started: a child of this JVM. */
  private static final class ChildContainer extends ProcessContainer {
    private final Process process;
    private final Optional<ProcessIdentity> identity;
    private final Path sandbox;

    ChildContainer(String id, Process process, Optional<ProcessIdentity> identity, Path sandbox) {
      super(id);
      this.process = process;
      this.identity = identity;
      this.sandbox = sandbox;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public Optional<ProcessIdentity> identity() {
      return identity;
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }
  }

  /** A process an earlier agent process started, found again through {@code /proc}. */
  private static final class AdoptedContainer extends ProcessContainer {
    private final ProcessIdentity process;
    private final Path sandbox;

    AdoptedContainer(String id, ProcessIdentity process, Path sandbox) {
      super(id);
      this.process = process;
      this.sandbox = sandbox;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public Optional<ProcessIdentity> identity() {
      return Optional.of(process);
    }

    @Override
    public boolean isAlive() {
      return ProcessTable.isRunning(process);
    }
  }
}
