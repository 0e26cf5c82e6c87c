package io.meseta.slave.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The few programs the namespace isolators rely on, found and tried once at agent start-up. */
final class Programs {
  private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");
  private static final long PROBE_SECONDS = 10;

  private Programs() {}

  /** The absolute path of {@code name} in the usual directories. */
  static Optional<Path> find(String name) {
    return DIRS.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }

  static Path require(String name, String isolator) throws IsolationException {
    return find(name).orElseThrow(() -> new IsolationException("the " + isolator + " isolator needs '" + name
        + "' (util-linux), found in none of " + DIRS));
  }

  /**
   * Runs {@code command} and fails with its output unless it exits 0: proof that the kernel lets this
   * agent do what the isolator will do for every container.
   */
  static void probe(String isolator, List<String> command) throws IsolationException {
    String what = String.join(" ", command);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IsolationException("the " + isolator + " isolator cannot work here: '" + what
            + "' did not finish within " + PROBE_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IsolationException("the " + isolator + " isolator cannot work here (it needs root): '" + what
            + "' failed with status " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new IsolationException("the " + isolator + " isolator cannot run '" + what + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IsolationException("interrupted while trying '" + what + "'", e);
    }
  }
}
