package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageIsolatorTest {
  @TempDir
  Path sandbox;

  private final DiskUsageIsolator isolator = new DiskUsageIsolator();

  @Test
  void reportsTheSandboxOverItsQuotaUntilDestroyed() throws Exception {
    isolator.prepare(IsolationRequest.of("fw/disk", sandbox, Resources.parse("disk:1")));
    Files.write(sandbox.resolve("half"), new byte[512 * 1024]);
    Files.createLink(sandbox.resolve("half-again"), sandbox.resolve("half")); // counted once
    assertEquals(Optional.empty(), isolator.limitReached("fw/disk"));

    Files.createDirectories(sandbox.resolve("tmp"));
    Files.write(sandbox.resolve("tmp/more"), new byte[600 * 1024]);
    LimitEvent event = isolator.limitReached("fw/disk").orElseThrow();

    assertEquals("DISK_LIMIT", event.reason());
    assertEquals(1L << 20, event.limitBytes());
    assertEquals(1112L * 1024, event.usageBytes());
    assertTrue(event.message().contains("quota of 1 MB") && event.message().contains("1.1 MB"), event.message());
    Files.delete(sandbox.resolve("tmp/more"));
    assertEquals(Optional.of(event), isolator.limitReached("fw/disk"), "kept once reported");
    assertEquals(Optional.of(event), isolator.destroy("fw/disk"));
    assertEquals(Optional.empty(), isolator.destroy("fw/disk"));
  }

  @Test
  void noDiskResourceMeansNoQuotaAndRecoveryTakesContainersBack() {
    isolator.recover(List.of(IsolationRequest.of("fw/free", sandbox, Resources.parse("cpus:1"))));
    assertEquals(Optional.empty(), isolator.limitReached("fw/free"));
    assertEquals(Optional.empty(), isolator.limitReached("fw/unknown"));
  }
}
