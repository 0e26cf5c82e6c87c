package io.meseta.slave.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One pass over {@code /proc}: every live process with its parent, CPU time and the container
 * marker in its environment, if any. A container's processes are those carrying its marker and
 * their descendants, so a daemon that double-forked out of the session still counts (unless it
 * also cleared its environment). This JVM and its ancestors never count.
 */
final class ProcessScan {
  /** USER_HZ, the unit of CPU times in /proc/PID/stat: 100 on every Linux ABI. */
  private static final long TICKS_PER_SECOND = 100;
  private static final Path PROC = Path.of("/proc");

  record Proc(long pid, long ppid, long cpuTicks, Optional<String> container) {}

  private final Map<Long, Proc> processes;
  private final Map<Long, List<Long>> children = new HashMap<>();

  private ProcessScan(Map<Long, Proc> processes) {
    this.processes = processes;
    processes.values().forEach(p -> children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid()));
  }

  /** Scans {@code /proc}, reading the value of {@code marker} from each process's environment. */
  static ProcessScan take(String marker) {
    byte[] key = (marker + "=").getBytes(StandardCharsets.UTF_8);
    Set<Long> excluded = selfAndAncestors();
    Map<Long, Proc> out = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (!excluded.contains(pid)) {
          read(pid, dir, key).ifPresent(p -> out.put(pid, p));
        }
      }
    } catch (IOException e) {
      return new ProcessScan(Map.of());
    }
    return new ProcessScan(out);
  }

  private static Optional<Proc> read(long pid, Path dir, byte[] key) {
    String stat;
    try {
      stat = Files.readString(dir.resolve("stat"));
    } catch (IOException e) {
      return Optional.empty(); // gone
    }
    // pid (comm) state ppid ...: comm may hold spaces and parentheses; fields after it start at 3 (state).
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    if (f.length < 15 || f[0].equals("Z") || f[0].equals("X")) {
      return Optional.empty(); // a zombie: nothing left to measure or kill
    }
    long ppid = Long.parseLong(f[1]);
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return Optional.of(new Proc(pid, ppid, ticks, marker(dir, key)));
  }

  private static Optional<String> marker(Path dir, byte[] key) {
    byte[] env;
    try {
      env = Files.readAllBytes(dir.resolve("environ"));
    } catch (IOException | SecurityException e) {
      return Optional.empty(); // another user's process, or a kernel thread
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start >= key.length && startsWith(env, start, key)) {
          return Optional.of(new String(env, start + key.length, i - start - key.length, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static Set<Long> selfAndAncestors() {
    Set<Long> out = new HashSet<>();
    Optional<ProcessHandle> p = Optional.of(ProcessHandle.current());
    while (p.isPresent()) {
      out.add(p.get().pid());
      p = p.get().parent();
    }
    return out;
  }

  /** The processes of container {@code id}: those carrying its marker and their descendants. */
  SortedSet<Long> members(String id) {
    SortedSet<Long> out = new TreeSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    processes.values().stream().filter(p -> p.container().filter(id::equals).isPresent())
        .forEach(p -> todo.add(p.pid()));
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      if (out.add(pid)) {
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return out;
  }

  /** Every container id some process carries. */
  SortedSet<String> containers() {
    SortedSet<String> out = new TreeSet<>();
    processes.values().forEach(p -> p.container().ifPresent(out::add));
    return out;
  }

  Duration cpuTime(Set<Long> pids) {
    long ticks = pids.stream().mapToLong(pid -> processes.get(pid).cpuTicks()).sum();
    return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
  }

  /** The resident set sizes of {@code pids} summed (shared pages count once per process). */
  static long residentBytes(Set<Long> pids) {
    long kb = 0;
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
          if (line.startsWith("VmRSS:")) {
            kb += Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            break;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // exited meanwhile
      }
    }
    return kb * 1024;
  }
}
