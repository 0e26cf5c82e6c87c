package io.meseta.slave.isolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** Reading and writing cgroup control files, and walking groups, the same in v1 and v2. */
final class CgroupFiles {
  private CgroupFiles() {}

  /** The file's content, stripped; empty if the file (or its group) does not exist. */
  static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).strip());
    } catch (IOException e) {
      return Optional.empty(); // missing, or a group removed while being read (ENODEV and the like)
    }
  }

  /** A number; empty if the file is missing or says {@code max}. */
  static OptionalLong readLong(Path file) {
    Optional<String> text = read(file);
    if (text.isEmpty() || text.get().equals("max")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.get().split("\\s+")[0]));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code key value} lines, as in {@code memory.events}, {@code cpu.stat}, {@code memory.oom_control}. */
  static Map<String, Long> readKeyed(Path file) {
    Map<String, Long> out = new HashMap<>();
    read(file).ifPresent(text -> text.lines().forEach(line -> {
      String[] kv = line.trim().split("\\s+");
      if (kv.length == 2) {
        try {
          out.put(kv[0], Long.parseLong(kv[1]));
        } catch (NumberFormatException e) {
          // not a number ("frozen" and the like are read elsewhere)
        }
      }
    }));
    return out;
  }

  static void write(Path file, String value) throws IsolationException {
    try {
      Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IsolationException("cannot write '" + value + "' to " + file + ": " + describe(e), e);
    }
  }

  /** Creates the directory; an existing one is fine. */
  static void mkdir(Path dir) throws IsolationException {
    try {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // kept
    } catch (IOException e) {
      throw new IsolationException("cannot create cgroup " + dir + ": " + describe(e), e);
    }
  }

  /** The group and every group below it, deepest first. */
  static List<Path> tree(Path group) {
    List<Path> out = new ArrayList<>();
    collect(group, out);
    return out;
  }

  private static void collect(Path group, List<Path> out) {
    for (Path child : subgroups(group)) {
      collect(child, out);
    }
    if (Files.isDirectory(group)) {
      out.add(group);
    }
  }

  /** The groups directly below {@code group}, sorted; none if it does not exist. */
  static List<Path> subgroups(Path group) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(group, Files::isDirectory)) {
      dirs.forEach(out::add);
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }

  /** The processes in the group and the groups below it. */
  static Set<Long> processes(Path group) {
    Set<Long> pids = new TreeSet<>();
    for (Path g : tree(group)) {
      read(g.resolve("cgroup.procs")).ifPresent(text -> text.lines().map(String::trim)
          .filter(s -> !s.isEmpty()).forEach(s -> pids.add(Long.parseLong(s))));
    }
    return pids;
  }

  /** Removes the group and the groups below it; they must hold no processes. */
  static void remove(Path group) throws IsolationException {
    for (Path g : tree(group)) {
      try {
        Files.deleteIfExists(g);
      } catch (IOException e) {
        throw new IsolationException("cannot remove cgroup " + g + " (processes " + processes(g) + "): "
            + describe(e), e);
      }
    }
  }

  static String describe(IOException e) {
    String reason = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      reason = fse.getReason();
    }
    return e.getClass().getSimpleName() + (reason == null ? "" : " (" + reason + ")");
  }
}
