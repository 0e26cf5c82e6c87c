package io.meseta.slave.containerizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What /proc says about a process. A zombie counts as gone: it has exited, and an orphan whose
 * new parent does not reap it stays a zombie.
 */
public final class ProcessProbe {
  private ProcessProbe() {}

  /** Whether {@code pid} is a live (not zombie) process. */
  public static boolean running(long pid) {
    return stat(pid).map(s -> s.state != 'Z' && s.state != 'X').orElse(false);
  }

  /** The process group of {@code pid}, if it exists. */
  public static Optional<Long> processGroup(long pid) {
    return stat(pid).map(s -> s.pgrp);
  }

  /** The live (not zombie) processes of process group {@code pgid}, found by scanning /proc. */
  public static java.util.List<Long> groupMembers(long pgid) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .map(Long::parseLong).sorted().forEach(pid -> {
            if (running(pid) && processGroup(pid).equals(Optional.of(pgid))) {
              out.add(pid);
            }
          });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** The live (not zombie) processes whose command line, arguments joined by spaces, is {@code commandLine}. */
  public static java.util.List<Long> withCommandLine(String commandLine) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .map(Long::parseLong).sorted().forEach(pid -> {
            try {
              String cmd = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').strip();
              if (cmd.equals(commandLine) && running(pid)) {
                out.add(pid);
              }
            } catch (IOException e) {
              // gone meanwhile
            }
          });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** Reads a pid that a test command wrote to {@code file}, once the whole line is there. */
  public static Optional<Long> pidIn(Path file) {
    try {
      String s = Files.readString(file);
      return s.endsWith("\n") ? Optional.of(Long.parseLong(s.trim())) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SIGKILLs {@code pid} if it still runs: cleanup after a failed test. */
  public static void killQuietly(long pid) {
    if (running(pid)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private record Stat(char state, long pgrp) {}

  private static Optional<Stat> stat(long pid) {
    String text;
    try {
      text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // vanished while being read
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[2])));
  }
}
