package io.meseta.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the executor JVMs of one application among this machine's processes (Linux /proc). */
final class ExecutorProcesses {
  private ExecutorProcesses() {}

  /** Pids, sorted, of the processes running CoarseGrainedExecutorBackend for {@code appId}. */
  static List<Long> of(String appId) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] args;
        try {
          args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        } catch (IOException gone) {
          continue;
        }
        if (List.of(args).contains(ExecutorCommand.MAIN_CLASS) && argAfter(args, "--app-id").equals(appId)) {
          pids.add(Long.parseLong(name));
        }
      }
    }
    pids.sort(null);
    return pids;
  }

  private static String argAfter(String[] args, String flag) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(flag)) {
        return args[i + 1];
      }
    }
    return "";
  }
}
