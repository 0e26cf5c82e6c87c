package io.meseta.slave.containerizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code /proc} says about processes. Linux only, like the rest of the containerizer. */
final class ProcessTable {
  private static final Path PROC = Path.of("/proc");

  private ProcessTable() {}

  /**
   * One line of {@code /proc/<pid>/stat}, reduced to what the agent uses.
   *
   * @param state     R, S, D, Z (zombie), X (dead), ...
   * @param pgrp      the process group
   * @param startTime clock ticks after boot
   */
  record Stat(char state, long pgrp, long startTime) {
    /** Whether the process has exited: a zombie counts, since an orphan may never be reaped. */
    boolean exited() {
      return state == 'Z' || state == 'X';
    }
  }

  static Optional<Stat> stat(long pid) {
    String text;
    try {
      text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException e) {
      return Optional.empty(); // no such process, or it vanished while being read
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
    // Fields from "state" on are numbered 3, 4, ...; the start time is field 22.
    String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
    try {
      return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19])));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The identity of {@code pid} if it is a process that has not exited. */
  static Optional<ProcessIdentity> running(long pid) {
    return stat(pid).filter(s -> !s.exited()).map(s -> new ProcessIdentity(pid, s.startTime()));
  }

  /** Whether {@code process} still runs: same pid, same start time, not a zombie. */
  static boolean isRunning(ProcessIdentity process) {
    return running(process.pid()).map(process::equals).orElse(false);
  }

  /** The working directory of {@code pid}, if it can be read (same user, process still there). */
  static Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }
}
