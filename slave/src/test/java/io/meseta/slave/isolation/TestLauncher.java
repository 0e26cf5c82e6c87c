package io.meseta.slave.isolation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a container's command the way the containerizer will: {@code setsid}, then the plan's setup
 * shell, then the plan's prefix and {@code /bin/sh -c COMMAND}, in the sandbox, with the plan's
 * environment, output to {@code stdout} and {@code stderr} there. No exit-recording wrapper.
 */
final class TestLauncher {
  private TestLauncher() {}

  static List<String> command(IsolationPlan plan, String shell) {
    List<String> out = new ArrayList<>();
    out.add("setsid");
    out.addAll(plan.launchCommand(plan.prefixed(List.of("/bin/sh", "-c", shell))));
    return out;
  }

  static Process start(IsolationPlan plan, Path sandbox, String shell) throws IOException {
    Files.createDirectories(sandbox);
    ProcessBuilder pb = new ProcessBuilder(command(plan, shell))
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(sandbox.resolve("stdout").toFile())
        .redirectError(sandbox.resolve("stderr").toFile());
    pb.environment().putAll(plan.environment());
    return pb.start();
  }

  /** Prepares {@code request} with {@code isolator} and starts {@code shell} in it. */
  static Process start(Isolator isolator, IsolationRequest request, String shell)
      throws IOException, IsolationException {
    Files.createDirectories(request.sandbox());
    return start(isolator.prepare(request), request.sandbox(), shell);
  }

  static String stdout(Path sandbox) throws IOException {
    return Files.readString(sandbox.resolve("stdout"));
  }

  static String stderr(Path sandbox) throws IOException {
    return Files.readString(sandbox.resolve("stderr"));
  }
}
