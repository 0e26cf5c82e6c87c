package io.meseta.core.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OfferBookTest {
  private static final FrameworkId F1 = FrameworkId.of("f1");
  private static final FrameworkId F2 = FrameworkId.of("f2");
  private static final AgentId A1 = AgentId.of("a1");
  private static final AgentId A2 = AgentId.of("a2");

  private final ManualClock clock = new ManualClock(5_000);
  private final OfferBook book = new OfferBook(clock, Optional.of(Duration.ofSeconds(30)), "m1");

  @Test
  void idsAreDeterministicAndSortInCreationOrder() {
    Offer first = book.create(F1, A1, Resources.cpusMem(1, 128));
    Offer second = book.create(F2, A1, Resources.cpusMem(2, 256));
    assertEquals(OfferId.of("m1-O000000000001"), first.id());
    assertEquals(OfferId.of("m1-O000000000002"), second.id());
    assertEquals(new Offer(first.id(), F1, A1, Resources.cpusMem(1, 128), 5_000), first);
    assertEquals(List.of(first, second), book.all());
    assertEquals(Optional.of(first), book.get(first.id()));
  }

  @Test
  void offersAreFoundByAgentAndFramework() {
    Offer o1 = book.create(F1, A1, Resources.parse("cpus:1;ports:[1-2]"));
    Offer o2 = book.create(F2, A2, Resources.cpusMem(2, 0));
    Offer o3 = book.create(F1, A2, Resources.cpusMem(0, 64));
    Offer o4 = book.create(F2, A1, Resources.parse("mem:10;ports:[3-3]"));
    assertEquals(List.of(o1, o4), book.forAgent(A1));
    assertEquals(List.of(o2, o3), book.forAgent(A2));
    assertEquals(List.of(o1, o3), book.forFramework(F1));
    assertEquals(Resources.parse("cpus:1;mem:10;ports:[1-3]"), book.offeredOn(A1));
    assertEquals(Resources.EMPTY, book.offeredOn(AgentId.of("a9")));
    assertEquals(List.of(), book.forFramework(FrameworkId.of("f9")));
  }

  @Test
  void removalTakesAnOfferOutOfEveryIndex() {
    Offer o1 = book.create(F1, A1, Resources.cpusMem(1, 128));
    Offer o2 = book.create(F1, A1, Resources.cpusMem(1, 128));
    assertEquals(Optional.of(o1), book.remove(o1.id()));
    assertEquals(Optional.empty(), book.remove(o1.id()));
    assertEquals(Optional.empty(), book.get(o1.id()));
    assertEquals(List.of(o2), book.forAgent(A1));
    assertEquals(List.of(o2), book.forFramework(F1));
    book.remove(o2.id());
    assertEquals(List.of(), book.forAgent(A1));
    assertEquals(List.of(), book.all());
    assertEquals(0, book.size());
  }

  @Test
  void offersExpireOnceTheTimeoutHasPassed() {
    Offer old = book.create(F1, A1, Resources.cpusMem(1, 128));
    clock.advance(Duration.ofSeconds(10));
    Offer young = book.create(F2, A2, Resources.cpusMem(1, 128));
    clock.advance(Duration.ofSeconds(19));
    assertEquals(List.of(), book.expired());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of(old), book.expired());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(List.of(old, young), book.expired());
    book.remove(old.id());
    assertEquals(List.of(young), book.expired());
  }

  @Test
  void withoutATimeoutNothingExpires() {
    OfferBook noTimeout = new OfferBook(clock, Optional.empty(), "m1");
    noTimeout.create(F1, A1, Resources.cpusMem(1, 128));
    clock.advance(Duration.ofDays(365));
    assertEquals(List.of(), noTimeout.expired());
  }

  @Test
  void badInputIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> book.create(F1, A1, Resources.EMPTY));
    assertTrue(e.getMessage().contains("a1") && e.getMessage().contains("f1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OfferBook(clock, Optional.of(Duration.ZERO), "m1"));
    assertThrows(IllegalArgumentException.class, () -> new OfferBook(clock, Optional.empty(), "bad prefix"));
    assertEquals(List.of(), book.all());
  }
}
