package io.meseta.slave.containerizer;

import io.meseta.core.resources.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What to run in one container: a shell command line or an argument vector, in a sandbox
 * directory, with extra environment variables (added to the agent's own), as an optional OS
 * user, within the given resources.
 *
 * @param id          a name for the container, unique on the agent (used in logs)
 * @param sandbox     absolute working directory; stdout and stderr go to files there
 * @param shell       run with {@code /bin/sh -c}, or
 * @param arguments   run this argv directly (exactly one of shell and arguments is set)
 * @param environment variables added to the agent's environment
 * @param user        the OS user to run as, if any
 * @param resources   the resources the container may use
 */
public record ContainerSpec(
    String id,
    Path sandbox,
    Optional<String> shell,
    List<String> arguments,
    Map<String, String> environment,
    Optional<String> user,
    Resources resources) {

  public ContainerSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("container id must not be empty");
    }
    Objects.requireNonNull(sandbox, "sandbox");
    if (!sandbox.isAbsolute()) {
      throw new IllegalArgumentException("sandbox of container " + id + " must be absolute: " + sandbox);
    }
    Objects.requireNonNull(shell, "shell");
    arguments = List.copyOf(arguments);
    if (shell.isPresent() == !arguments.isEmpty()) {
      throw new IllegalArgumentException("container " + id + " needs exactly one of shell or arguments");
    }
    environment = java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(resources, "resources");
  }

  /** The command line to start, before any wrapper such as {@code setsid}. */
  public List<String> commandLine() {
    return shell.map(s -> List.of("/bin/sh", "-c", s)).orElse(arguments);
  }
}
