package io.meseta.slave.containerizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <p>Running as another OS user is not supported yet: as root, a spec naming a different user is
 * refused; as any other user the field is ignored.
 */
public final class ProcessContainerizer implements Containerizer {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessContainerizer.class);
  private static final String SETSID = "setsid";
  private static final long SIGNAL_TIMEOUT_SECONDS = 5;

  private final String killProgram;
  private final ScheduledExecutorService killTimer;
  private final String agentUser;
  private final ExitWatcher watcher = new ExitWatcher();

  public ProcessContainerizer() {
    this.killProgram = findKillProgram();
    this.agentUser = System.getProperty("user.name", "");
    this.killTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "containerizer-kill-timer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Container launch(ContainerSpec spec) throws ContainerLaunchException {
    checkUser(spec);
    Path sandbox = spec.sandbox();
    try {
      Files.createDirectories(sandbox);
      ExitRecordingWrapper.clear(sandbox);
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot create sandbox " + sandbox + ": " + e, e);
    }
    List<String> command = new ArrayList<>();
    command.add(SETSID);
    command.addAll(ExitRecordingWrapper.wrap(spec.commandLine()));
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.to(sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.to(sandbox.resolve("stderr").toFile()));
    pb.environment().putAll(spec.environment());
    try {
      Process process = pb.start();
      LOG.info("Container {} started as pid {} (process group {}) in {}", spec.id(), process.pid(),
          process.pid(), sandbox);
      return new ChildContainer(spec.id(), process, ProcessTable.running(process.pid()));
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot start " + spec.commandLine() + " in " + sandbox + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Container> recover(String id, Path sandbox, ProcessIdentity process) {
    if (!ProcessTable.isRunning(process)) {
      return Optional.empty();
    }
    LOG.info("Container {} adopted: pid {} (process group {}) still runs in {}", id, process.pid(), process.pid(),
        sandbox);
    return Optional.of(new AdoptedContainer(id, process, sandbox));
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

  private void checkUser(ContainerSpec spec) throws ContainerLaunchException {
    if (spec.user().isEmpty() || spec.user().get().equals(agentUser)) {
      return;
    }
    if ("root".equals(agentUser)) {
      throw new ContainerLaunchException("running tasks as another user is not supported yet (container "
          + spec.id() + " asks for user '" + spec.user().get() + "', the agent runs as root)");
    }
    LOG.debug("Container {} asks for user '{}'; ignored, the agent is not root", spec.id(), spec.user().get());
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
    }, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<ContainerExit> exit(Container container) {
    if (container instanceof AdoptedContainer a) {
      return watcher.watch(a.process, () -> recordedExit(a.sandbox).orElseThrow(() -> new ExitStatusUnknownException(
          "the process of container " + a.id() + " ended without recording its exit status in " + a.sandbox)));
    }
    ChildContainer c = (ChildContainer) cast(container);
    return c.process.onExit().thenApply(p -> new ContainerExit(p.exitValue()));
  }

  /**
   * Starts no more kills and stops watching adopted processes; the SIGKILLs of kills already
   * requested still follow their grace periods.
   */
  @Override
  public void close() {
    killTimer.shutdown();
    watcher.close();
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

    ChildContainer(String id, Process process, Optional<ProcessIdentity> identity) {
      super(id);
      this.process = process;
      this.identity = identity;
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
