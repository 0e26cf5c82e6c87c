package io.meseta.slave.isolation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What isolators ask of the process that runs a container's command:
 *
 * <ul>
 *   <li>{@code setupLines}: {@code /bin/sh} commands run first, in the process that then becomes the
 *       container (so {@code $$} is that process, and joining a cgroup there takes every later child
 *       along). If one fails, the process exits with {@link #SETUP_FAILED_STATUS} before the command
 *       runs.</li>
 *   <li>{@code commandPrefix}: an argument vector put before the command; it ends by running the
 *       arguments that follow it (as {@code unshare ... --} or {@code sh -c '...; exec "$@"' name} do).
 *       Prefixes compose by concatenation: the first is outermost.</li>
 *   <li>{@code environment}: variables added to the container's environment.</li>
 * </ul>
 *
 * <p>The containerizer starts {@code setsid} + {@code launchCommand(wrapper(prefixed(command)))},
 * where {@code wrapper} is its own exit-recording shell, so that the wrapper too is inside the
 * container's cgroups and the prefix sits between the wrapper and the command.
 */
public record IsolationPlan(List<String> setupLines, List<String> commandPrefix, Map<String, String> environment) {
  /** Exit status of a container whose isolation could not be set up (its command did not run). */
  public static final int SETUP_FAILED_STATUS = 125;
  public static final IsolationPlan EMPTY = new IsolationPlan(List.of(), List.of(), Map.of());

  private static final String SETUP_NAME = "meseta-isolate";

  public IsolationPlan {
    setupLines = List.copyOf(setupLines);
    setupLines.forEach(line -> {
      if (line.isBlank() || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a setup line must be one non-empty line, got '" + line + "'");
      }
    });
    commandPrefix = List.copyOf(commandPrefix);
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
  }

  public static IsolationPlan lines(String... lines) {
    return new IsolationPlan(List.of(lines), List.of(), Map.of());
  }

  public static IsolationPlan prefix(List<String> prefix) {
    return new IsolationPlan(List.of(), prefix, Map.of());
  }

  public static IsolationPlan environment(Map<String, String> environment) {
    return new IsolationPlan(List.of(), List.of(), environment);
  }

  /**
   * This plan, then {@code inner}: setup lines in order, {@code inner}'s prefix inside this one's.
   *
   * @throws IllegalArgumentException if both set one environment variable to different values
   */
  public IsolationPlan plus(IsolationPlan inner) {
    List<String> lines = new ArrayList<>(setupLines);
    lines.addAll(inner.setupLines);
    List<String> prefix = new ArrayList<>(commandPrefix);
    prefix.addAll(inner.commandPrefix);
    Map<String, String> env = new TreeMap<>(environment);
    inner.environment.forEach((k, v) -> {
      String old = env.putIfAbsent(k, v);
      if (old != null && !old.equals(v)) {
        throw new IllegalArgumentException("isolators disagree on environment variable " + k + ": '" + old
            + "' and '" + v + "'");
      }
    });
    return new IsolationPlan(lines, prefix, env);
  }

  /** {@code command} behind this plan's prefix. */
  public List<String> prefixed(List<String> command) {
    List<String> out = new ArrayList<>(commandPrefix);
    out.addAll(command);
    return out;
  }

  /**
   * {@code command} run by a shell that first runs the setup lines and then execs it in place (same
   * pid). Without setup lines, {@code command} itself.
   */
  public List<String> launchCommand(List<String> command) {
    if (setupLines.isEmpty()) {
      return List.copyOf(command);
    }
    StringBuilder script = new StringBuilder();
    for (String line : setupLines) {
      script.append(line).append(" || exit ").append(SETUP_FAILED_STATUS).append('\n');
    }
    script.append("exec \"$@\"");
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), SETUP_NAME));
    out.addAll(command);
    return out;
  }

  /** {@code text} as one {@code /bin/sh} word, in single quotes. */
  public static String quote(String text) {
    Objects.requireNonNull(text, "text");
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
