package io.meseta.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code bin/meseta} as separate processes for tests; output goes to files in
 * {@code dir}. Needs the packaged jar and classpath file that {@code mvn verify} builds first.
 */
final class Scripts implements AutoCloseable {
  static final Path HOME = findHome();
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final Path dir;
  private final List<Process> daemons = new ArrayList<>();

  Scripts(Path dir) {
    this.dir = dir;
  }

  /** Starts a long-running command (master, agent, zookeeper); stopped by {@link #close()}. */
  Process start(String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(HOME.resolve("bin/meseta").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".err").toFile()))
        .start();
    daemons.add(p);
    return p;
  }

  /** Runs a command to its end. */
  Result run(String... args) throws Exception {
    String id = "cmd-" + System.nanoTime();
    Path out = dir.resolve(id + ".out");
    Path err = dir.resolve(id + ".err");
    List<String> cmd = new ArrayList<>(List.of(HOME.resolve("bin/meseta").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/meseta " + String.join(" ", args) + " did not end within " + WAIT);
    }
    return new Result(String.join(" ", args), p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** SIGTERM to every daemon still running (their shutdown hooks stop them cleanly), then waits. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : daemons) {
      p.destroy();
    }
    for (Process p : daemons) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  record Result(String args, int code, String out, String err) {
    String describe() {
      return "bin/meseta " + args + " exited " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private static Path findHome() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isExecutable(p.resolve("bin/meseta"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find bin/meseta above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
