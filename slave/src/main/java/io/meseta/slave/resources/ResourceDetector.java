package io.meseta.slave.resources;

import io.meseta.core.resources.Range;
import io.meseta.core.resources.RangeSet;
import io.meseta.core.resources.Resources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the resources an agent offers: cpus = available processors; mem = physical memory
 * less max(1 GB, 10%); disk = usable space of the work directory less 5 GB (never below zero);
 * ports [31000-32000]. Every name set in a configured {@link Resources} replaces the detected one.
 */
public final class ResourceDetector {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceDetector.class);
  private static final double MB = 1024.0 * 1024.0;
  /** Memory left to the OS and the agent: at least this many MB... */
  static final double MEM_RESERVED_MIN_MB = 1024;
  /** ...or this fraction of the total, whichever is more. */
  static final double MEM_RESERVED_FRACTION = 0.10;
  /** Disk left to the agent and the OS. */
  static final double DISK_RESERVED_MB = 5 * 1024;
  public static final RangeSet DEFAULT_PORTS = RangeSet.of(new Range(31000, 32000));

  private ResourceDetector() {}

  /**
   * Detects this machine's resources and applies {@code override} name by name.
   *
   * @throws IOException if the work directory cannot be created or inspected
   */
  public static Resources detect(Path workDir, Optional<Resources> override) throws IOException {
    Files.createDirectories(workDir);
    long usable = Files.getFileStore(workDir).getUsableSpace();
    Resources detected = compute(Runtime.getRuntime().availableProcessors(), physicalMemoryBytes(), usable);
    Resources total = override.map(o -> overrideByName(detected, o)).orElse(detected);
    LOG.info("Agent resources: {} (detected {})", total, detected);
    return total;
  }

  /** The detection rules applied to raw figures. */
  public static Resources compute(int processors, long memTotalBytes, long diskUsableBytes) {
    double memMb = memTotalBytes / MB;
    double reserved = Math.max(MEM_RESERVED_MIN_MB, memMb * MEM_RESERVED_FRACTION);
    double diskMb = diskUsableBytes / MB;
    return Resources.builder()
        .scalar(Resources.CPUS, processors)
        .scalar(Resources.MEM, Math.floor(Math.max(0, memMb - reserved)))
        .scalar(Resources.DISK, Math.floor(Math.max(0, diskMb - DISK_RESERVED_MB)))
        .ranges(Resources.PORTS, DEFAULT_PORTS)
        .build();
  }

  /** {@code detected} with every resource named in {@code override} replaced by the override's. */
  public static Resources overrideByName(Resources detected, Resources override) {
    Resources.Builder b = Resources.builder();
    for (String name : detected.names()) {
      if (override.names().contains(name)) {
        continue;
      }
      copy(detected, name, b);
    }
    for (String name : override.names()) {
      copy(override, name, b);
    }
    return b.build();
  }

  private static void copy(Resources from, String name, Resources.Builder to) {
    if (from.scalarNames().contains(name)) {
      to.scalar(name, from.scalar(name));
    } else {
      to.ranges(name, from.ranges(name));
    }
  }

  /** MemTotal from /proc/meminfo, else the OperatingSystemMXBean's figure. */
  static long physicalMemoryBytes() {
    Path meminfo = Path.of("/proc/meminfo");
    try {
      if (Files.isReadable(meminfo)) {
        Optional<Long> kb = parseMemTotalKb(Files.readAllLines(meminfo));
        if (kb.isPresent()) {
          return kb.get() * 1024;
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}; asking the JVM instead", meminfo, e.toString());
    }
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    LOG.warn("Cannot find the physical memory size; detecting 0 MB of mem");
    return 0;
  }

  /** The MemTotal figure (kB) of a /proc/meminfo text. */
  static Optional<Long> parseMemTotalKb(List<String> lines) {
    for (String line : lines) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          return Optional.of(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
          LOG.warn("Cannot parse /proc/meminfo line '{}'", line);
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
