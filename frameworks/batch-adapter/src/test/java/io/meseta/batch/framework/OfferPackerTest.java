package io.meseta.batch.framework;

import io.meseta.hdfs.locality.SplitWishes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.batch.plan.PlannedTask;
import io.meseta.batch.plan.PlannedTask.Placement;
import io.meseta.batch.spec.Program;
import io.meseta.batch.spec.RetryPolicy;
import io.meseta.batch.spec.TaskResources;
import io.meseta.batch.spec.TaskSpec;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.locality.Split;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OfferPackerTest {
  private static final TaskSpec ONE_CPU =
      new TaskSpec("t", new Program.Shell("true"), new TaskResources(1, 100, 0), Map.of(), RetryPolicy.NONE,
          Optional.empty());

  private static PlannedTask split(int i, String host, String rack) {
    return new PlannedTask("s." + i, "s", i, ONE_CPU,
        Optional.of(new Split(URI.create("hdfs://nn/f"), i * 10L, 10, List.of(host), List.of(rack))));
  }

  private static PlannedTask noData(String name) {
    return new PlannedTask("l." + name, "l", 0, ONE_CPU, Optional.empty());
  }

  private final List<PlannedTask> tasks = List.of(split(0, "h2", "/r2"), split(1, "h1", "/r1"),
      split(2, "h3", "/r1"), noData("x"), split(3, "h1", "/r1"));

  private static List<String> keys(List<PlannedTask> l) {
    return l.stream().map(PlannedTask::key).toList();
  }

  @Test
  void aNodeLocalOfferTakesOnlyTasksWithDataOnItsHostAndTasksWithoutData() {
    assertEquals(List.of("s.1", "l.x", "s.3"),
        keys(OfferPacker.pack(tasks, "H1", "/r1", LocalityLevel.NODE_LOCAL, Resources.parse("cpus:8;mem:1000"))));
  }

  @Test
  void aRackLocalOfferAddsTasksWithDataInItsRack() {
    assertEquals(List.of("s.1", "l.x", "s.3", "s.2"),
        keys(OfferPacker.pack(tasks, "h1", "/r1", LocalityLevel.RACK_LOCAL, Resources.parse("cpus:8;mem:1000"))));
  }

  @Test
  void anAnyOfferTakesTheRestLastAndStopsWhenFull() {
    assertEquals(List.of("s.1", "l.x", "s.3", "s.2", "s.0"),
        keys(OfferPacker.pack(tasks, "h1", "/r1", LocalityLevel.ANY, Resources.parse("cpus:8;mem:1000"))));
    assertEquals(List.of("s.1", "l.x"),
        keys(OfferPacker.pack(tasks, "h1", "/r1", LocalityLevel.ANY, Resources.parse("cpus:2;mem:1000"))));
  }

  @Test
  void wishesCountLaunchableTasksPerHostAndRack() {
    SplitWishes w = SplitWishes.of(tasks);
    assertEquals(Map.of("h1", 2, "h2", 1, "h3", 1), w.hosts());
    assertEquals(Map.of("/r1", 3, "/r2", 1), w.racks());
    assertEquals(SplitWishes.NONE, SplitWishes.of(List.of(noData("y"))));
  }

  @Test
  void placementComparesHostsWithoutCase() {
    assertEquals(Placement.NODE_LOCAL, split(0, "Host2", "/r2").placementOn("host2", "/r9"));
    assertEquals(Placement.RACK_LOCAL, split(0, "h2", "/r2").placementOn("h5", "/r2"));
    assertEquals(Placement.ELSEWHERE, split(0, "h2", "/r2").placementOn("h5", "/r5"));
    assertEquals(Placement.NO_DATA, noData("z").placementOn("h5", "/r5"));
  }
}
