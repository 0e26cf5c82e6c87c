package io.meseta.core.task;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a task runs: either a shell command line ({@code /bin/sh -c}) or an argument vector,
 * with extra environment variables, URIs to fetch first and an optional OS user.
 */
public record Command(
    Optional<String> shell,
    List<String> arguments,
    Map<String, String> environment,
    List<FetchUri> uris,
    Optional<String> user) {

  public Command {
    Objects.requireNonNull(shell, "shell");
    arguments = List.copyOf(arguments);
    environment = java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
    uris = List.copyOf(uris);
    Objects.requireNonNull(user, "user");
    if (shell.isPresent() == !arguments.isEmpty()) {
      throw new IllegalArgumentException("a command needs exactly one of a shell command line or arguments");
    }
    if (shell.isPresent() && shell.get().isBlank()) {
      throw new IllegalArgumentException("the shell command line is empty");
    }
    if (!arguments.isEmpty() && arguments.get(0).isBlank()) {
      throw new IllegalArgumentException("the program (arguments[0]) is empty");
    }
    for (String key : environment.keySet()) {
      if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid environment variable name '" + key + "'");
      }
    }
  }

  public static Command shell(String commandLine) {
    return new Command(Optional.of(commandLine), List.of(), Map.of(), List.of(), Optional.empty());
  }

  public static Command argv(List<String> arguments) {
    return new Command(Optional.empty(), arguments, Map.of(), List.of(), Optional.empty());
  }

  public Command withEnvironment(Map<String, String> env) {
    return new Command(shell, arguments, env, uris, user);
  }

  public Command withUris(List<FetchUri> newUris) {
    return new Command(shell, arguments, environment, newUris, user);
  }
}
