package io.meseta.slave.containerizer;

import io.meseta.slave.isolation.IsolationPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small shell every container's command runs under, so that its outcome survives the agent.
 * In the sandbox it writes its own pid to {@value #PID_FILE}, runs the command as a child, then
 * writes the command's exit status (128+S when killed by signal S) to {@value #EXIT_FILE}
 * (through a temporary file and a rename, so the file is never seen half-written) and exits with
 * that status.
 *
 * <p>The wrapper traps TERM, INT, QUIT and HUP with a no-op handler: a kill signals the whole
 * process group, and the wrapper must outlive its command to record how it ended. A trapped
 * signal is reset to its default in the child, so the command sees the signals as it would
 * without the wrapper. Only a SIGKILL of the group leaves no exit status.
 */
final class ExitRecordingWrapper {
  private static final Logger LOG = LoggerFactory.getLogger(ExitRecordingWrapper.class);

  static final String EXIT_FILE = ".meseta-exit";
  static final String PID_FILE = ".meseta-pid";
  private static final String NAME = "meseta-task";
  private static final String START = "trap : TERM INT QUIT HUP; "
      + "echo $$ > " + PID_FILE + "; "
      + "\"$@\"; s=$?; ";
  private static final String RECORD = "echo $s > " + EXIT_FILE + ".tmp && mv -f " + EXIT_FILE + ".tmp " + EXIT_FILE;
  private static final String SCRIPT = START + RECORD + "; exit $s";
  /** The most a record file may hold: anything longer is not the wrapper's. */
  private static final long MAX_RECORD_BYTES = 32;
  private static final Pattern STATUS = Pattern.compile("[0-9]{1,3}\n");
  private static final Pattern PID = Pattern.compile("[0-9]{1,10}\n");

  private ExitRecordingWrapper() {}

  /** {@code command} wrapped; it must be started with the sandbox as working directory. */
  static List<String> wrap(List<String> command) {
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, NAME));
    out.addAll(command);
    return out;
  }

  /**
   * {@code command} wrapped so that the exit status is written by {@code recordAs} (a prefix that
   * runs its arguments as the task's user). The wrapper itself runs as the agent's user, root, in a
   * sandbox the task's user owns: written by root, a file there could be a link the task planted.
   */
  static List<String> wrap(List<String> command, List<String> recordAs) {
    if (recordAs.isEmpty()) {
      return wrap(command);
    }
    StringBuilder as = new StringBuilder();
    for (String word : recordAs) {
      as.append(IsolationPlan.quote(word)).append(' ');
    }
    String script = START + as + "/bin/sh -c " + IsolationPlan.quote(RECORD.replace("$s", "$1")) + " " + NAME
        + "-record $s; exit $s";
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", script, NAME));
    out.addAll(command);
    return out;
  }

  /** Removes what an earlier run in the same sandbox left, so it is not read as this run's. */
  static void clear(Path sandbox) throws IOException {
    Files.deleteIfExists(sandbox.resolve(EXIT_FILE));
    Files.deleteIfExists(sandbox.resolve(PID_FILE));
  }

  /** The exit status the wrapper recorded in {@code sandbox}, if its command ended. */
  static Optional<ContainerExit> recordedExit(Path sandbox) {
    return readNumber(sandbox.resolve(EXIT_FILE), STATUS).map(n -> new ContainerExit(n.intValue()));
  }

  /** The pid the wrapper recorded in {@code sandbox}, if it started. */
  static Optional<Long> recordedPid(Path sandbox) {
    return readNumber(sandbox.resolve(PID_FILE), PID);
  }

  private static Optional<Long> readNumber(Path file, Pattern format) {
    String text;
    try {
      // The task's user may own the sandbox: read only a small regular file, never through a link.
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_RECORD_BYTES) {
        LOG.warn("Ignoring {}: not a small regular file", file);
        return Optional.empty();
      }
      try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        text = new String(in.readNBytes((int) MAX_RECORD_BYTES + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}", file, e.toString());
      return Optional.empty();
    }
    if (text.isEmpty()) {
      return Optional.empty(); // created, not yet written
    }
    if (!format.matcher(text).matches()) {
      LOG.warn("Ignoring {}: unexpected content '{}'", file, text.strip());
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text.strip()));
  }
}
