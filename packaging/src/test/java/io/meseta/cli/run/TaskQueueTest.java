package io.meseta.cli.run;

import io.meseta.hdfs.locality.SplitWishes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.allocation.LocalityLevel;
import io.meseta.hdfs.locality.Split;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How {@code meseta run} picks the splits for an offer ({@code TaskQueue}) and counts where they
 * ran: plain objects, no cluster.
 */
class TaskQueueTest {
  private static final URI FILE = URI.create("hdfs://nn:8020/data/in");

  private static PendingTask task(int n, List<String> hosts, List<String> racks) {
    return new PendingTask("t-" + n, Optional.of(new Split(FILE, n * 10L, 10, hosts, racks)));
  }

  private final PendingTask onAB = task(1, List.of("a", "b"), List.of("/r1"));
  private final PendingTask onC = task(2, List.of("c"), List.of("/r2"));
  private final PendingTask onB = task(3, List.of("b"), List.of("/r1"));
  private final PendingTask nowhere = new PendingTask("t-4", Optional.empty());

  private static List<String> ids(List<PendingTask> tasks) {
    return tasks.stream().map(PendingTask::id).toList();
  }

  @Test
  void aNodeLocalOfferTakesOnlyTheTasksOnItsHostAndThoseWithoutLocations() {
    TaskQueue q = new TaskQueue(List.of(onAB, onC, onB, nowhere));
    assertEquals(List.of("t-1", "t-3", "t-4"), ids(q.take("B", "/r1", LocalityLevel.NODE_LOCAL, 5)),
        "host names compare without case");
    assertEquals(List.of(), ids(q.take("a", "/r1", LocalityLevel.NODE_LOCAL, 5)));
    assertEquals(1, q.size());
  }

  @Test
  void rackAndAnyOffersFillUpWithLessLocalTasksInThatOrder() {
    TaskQueue q = new TaskQueue(List.of(onC, onAB, onB));
    assertEquals(List.of("t-1", "t-3"), ids(q.take("x", "/r1", LocalityLevel.RACK_LOCAL, 5)));
    assertEquals(List.of(), ids(q.take("x", "/r1", LocalityLevel.RACK_LOCAL, 5)), "t-2 is in another rack");
    q = new TaskQueue(List.of(onC, onAB, onB));
    assertEquals(List.of("t-1", "t-3", "t-2"), ids(q.take("b", "/r2", LocalityLevel.ANY, 5)),
        "node-local first, then rack-local");
    q = new TaskQueue(List.of(onC, onAB, onB));
    assertEquals(List.of("t-2", "t-1"), ids(q.take("x", "/r9", LocalityLevel.ANY, 2)), "then queue order");
  }

  @Test
  void theOfferTakesAtMostWhatFitsAndTasksCanBePutBackInFront() {
    TaskQueue q = new TaskQueue(List.of(onAB, onC, onB));
    List<PendingTask> one = q.take("b", "/r1", LocalityLevel.ANY, 1);
    assertEquals(List.of("t-1"), ids(one));
    q.putBack(one);
    assertEquals(List.of("t-1", "t-3", "t-2"), ids(q.take("b", "/r1", LocalityLevel.ANY, 3)));
    assertTrue(q.isEmpty());
  }

  @Test
  void wishesCountEachPendingTaskOnEveryHostAndRackOfItsSplit() {
    TaskQueue q = new TaskQueue(List.of(onAB, onC, onB, nowhere));
    assertEquals(new SplitWishes(Map.of("a", 1, "b", 2, "c", 1), Map.of("/r1", 2, "/r2", 1)), q.wishes());
    q.take("c", "/r2", LocalityLevel.NODE_LOCAL, 1);
    assertEquals(new SplitWishes(Map.of("a", 1, "b", 2), Map.of("/r1", 2)), q.wishes());
  }

  @Test
  void tasksGetTheirSplitInTheirEnvironmentAndTheTallySaysWhereTheyRan() {
    assertEquals(Map.of("MESETA_SPLIT_PATH", FILE.toString(), "MESETA_SPLIT_OFFSET", "10",
        "MESETA_SPLIT_LENGTH", "10"), onAB.environment());
    assertEquals(Map.of(), nowhere.environment());
    LocalityTally tally = new LocalityTally();
    tally.launched(onAB, "A", "/r1");
    tally.launched(onC, "b", "/r2");
    tally.launched(onB, "c", "/r2");
    tally.launched(nowhere, "a", "/r1");
    assertEquals("1 node-local, 1 rack-local, 2 elsewhere", tally.toString());
  }

  @Test
  void offersMadeBeforeTheWishesAreUsedNodeLocalUntilTheWaitsHavePassed() {
    LocalityOptions waits = LocalityOptions.wishes(Optional.of(java.time.Duration.ofSeconds(2)),
        Optional.of(java.time.Duration.ofSeconds(3)));
    assertEquals(LocalityLevel.NODE_LOCAL, waits.cap(LocalityLevel.ANY, java.time.Duration.ofSeconds(1)));
    assertEquals(LocalityLevel.RACK_LOCAL, waits.cap(LocalityLevel.ANY, java.time.Duration.ofSeconds(2)));
    assertEquals(LocalityLevel.ANY, waits.cap(LocalityLevel.ANY, java.time.Duration.ofSeconds(5)));
    assertEquals(LocalityLevel.NODE_LOCAL, waits.cap(LocalityLevel.NODE_LOCAL, java.time.Duration.ofSeconds(9)));
    assertEquals(LocalityLevel.ANY, LocalityOptions.NONE.cap(LocalityLevel.ANY, java.time.Duration.ZERO),
        "without wishes every offer is used as it comes");
  }
}
