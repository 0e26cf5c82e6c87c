package io.meseta.slave.containerizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot create sandbox " + sandbox + ": " + e, e);
    }
    List<String> command = new ArrayList<>();
    command.add(SETSID);
    command.addAll(spec.commandLine());
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
      return new ProcessContainer(spec.id(), process);
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot start " + command + " in " + sandbox + ": " + e.getMessage(), e);
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
    if (!c.process.isAlive()) {
      return;
    }
    LOG.info("Killing container {} (process group {}): SIGTERM, SIGKILL after {}", c.id, c.pid(), gracePeriod);
    signalGroup(c, "TERM");
    killTimer.schedule(() -> {
      if (c.process.isAlive()) {
        LOG.info("Container {} outlived its grace period of {}: SIGKILL", c.id, gracePeriod);
      }
      // Even when the main process is gone, members that ignored SIGTERM may remain in its group.
      // Linux does not reuse a group's id while any member lives; an empty group just fails the kill.
      signalGroup(c, "KILL");
    }, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<ContainerExit> exit(Container container) {
    ProcessContainer c = cast(container);
    return c.process.onExit().thenApply(p -> new ContainerExit(p.exitValue()));
  }

  /** Starts no more kills; the SIGKILLs of kills already requested still follow their grace periods. */
  @Override
  public void close() {
    killTimer.shutdown();
  }

  private void signalGroup(ProcessContainer c, String signal) {
    List<String> cmd = List.of(killProgram, "-" + signal, "--", "-" + c.pid());
    try {
      Process kill = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(SIGNAL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        LOG.warn("'{}' did not return within {} s", String.join(" ", cmd), SIGNAL_TIMEOUT_SECONDS);
      } else if (kill.exitValue() != 0 && c.process.isAlive()) {
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

  /** A process started by this containerizer; its pid is its process group id. */
  private static final class ProcessContainer implements Container {
    private final String id;
    private final Process process;

    ProcessContainer(String id, Process process) {
      this.id = id;
      this.process = process;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public String toString() {
      return "container " + id + " (pid " + process.pid() + ")";
    }
  }
}
