package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitMonitorTest {
  private final FakeIsolator isolator = new FakeIsolator("posix");
  private final List<String> reported = new ArrayList<>();
  private final LimitMonitor monitor = new LimitMonitor(isolator, (id, e) -> reported.add(id + " " + e.reason()));

  @Test
  void reportsThenKillsOnceAndStopsWatching() {
    monitor.watch("a");
    monitor.watch("b");
    assertEquals(0, monitor.checkAll());

    isolator.limits.put("b", new LimitEvent(LimitEvent.Kind.MEMORY, 1, 2, "over"));
    assertEquals(1, monitor.checkAll());
    assertEquals(0, monitor.checkAll());

    assertEquals(List.of("b MEMORY_LIMIT"), reported);
    assertEquals(List.of("killAll b"), isolator.calls());
    assertEquals(Set.of("a"), monitor.watched());
  }

  @Test
  void anUnwatchedContainerIsNotChecked() {
    monitor.watch("a");
    monitor.unwatch("a");
    isolator.limits.put("a", new LimitEvent(LimitEvent.Kind.DISK, 1, 2, "over"));
    assertEquals(0, monitor.checkAll());
    assertEquals(List.of(), reported);
  }
}
