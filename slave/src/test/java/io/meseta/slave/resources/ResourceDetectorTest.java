package io.meseta.slave.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceDetectorTest {
  private static final long MB = 1024L * 1024L;
  private static final long GB = 1024L * MB;

  @Test
  void reservesTenPercentOfLargeMemoryAndFiveGbOfDisk() {
    Resources r = ResourceDetector.compute(8, 16 * GB, 100 * GB);

    // 16384 MB less 10% (1638.4 MB, more than 1 GB), rounded down; 102400 MB less 5120 MB.
    assertEquals(Resources.parse("cpus:8;mem:14745;disk:97280;ports:[31000-32000]"), r);
  }

  @Test
  void reservesAtLeastOneGbOfMemory() {
    Resources r = ResourceDetector.compute(2, 4 * GB, 10 * GB);

    assertEquals(4096 - 1024, r.mem());
  }

  @Test
  void neverDetectsNegativeAmounts() {
    Resources r = ResourceDetector.compute(1, 512 * MB, 2 * GB);

    assertEquals(Resources.parse("cpus:1;ports:[31000-32000]"), r);
  }

  @Test
  void overrideReplacesNamedResourcesAndKeepsTheRest() {
    Resources detected = ResourceDetector.compute(8, 16 * GB, 100 * GB);

    Resources r = ResourceDetector.overrideByName(detected, Resources.parse("cpus:2;gpus:1;ports:[5000-5010]"));

    assertEquals(Resources.parse("cpus:2;gpus:1;mem:14745;disk:97280;ports:[5000-5010]"), r);
  }

  @Test
  void overrideCanSwitchAScalarToRangesUnderTheSameName() {
    Resources detected = Resources.parse("cpus:4;mem:100");

    Resources r = ResourceDetector.overrideByName(detected, Resources.parse("mem:[1-2]"));

    assertEquals(Resources.parse("cpus:4;mem:[1-2]"), r);
  }

  @Test
  void detectCreatesTheWorkDirectoryAndAppliesTheOverride(@TempDir Path tmp) throws IOException {
    Path workDir = tmp.resolve("a/b");

    Resources r = ResourceDetector.detect(workDir, Optional.of(Resources.parse("cpus:3;mem:64")));

    assertTrue(Files.isDirectory(workDir));
    assertEquals(3, r.cpus());
    assertEquals(64, r.mem());
    assertEquals(ResourceDetector.DEFAULT_PORTS, r.ports());
  }

  @Test
  void parsesMemTotalFromProcMeminfo() {
    assertEquals(Optional.of(16318412L), ResourceDetector.parseMemTotalKb(
        List.of("MemFree:         1000 kB", "MemTotal:       16318412 kB", "Buffers: 1 kB")));
    assertEquals(Optional.empty(), ResourceDetector.parseMemTotalKb(List.of("MemTotal: lots")));
    assertEquals(Optional.empty(), ResourceDetector.parseMemTotalKb(List.of("SwapTotal: 1 kB")));
  }
}
