package io.meseta.hdfs.locality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.core.allocation.LocalityLevel;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Work goes on an offer local first, as far as the offer's level and room allow. */
class LocalFirstTest {
  private record Work(String name, Optional<Split> split) implements OnSplit {}

  private static Work on(String name, String host, String rack) {
    return new Work(name, Optional.of(new Split(URI.create("hdfs://nn:8020/f"), 0, 1, List.of(host), List.of(rack))));
  }

  private final Work onA = on("a", "HostA", "/r1");
  private final Work onB = on("b", "hostB", "/r1");
  private final Work onC = on("c", "hostC", "/r2");
  private final Work anywhere = new Work("x", Optional.empty());
  private final List<Work> all = List.of(onC, onB, anywhere, onA);

  private static List<String> names(List<Work> w) {
    return w.stream().map(Work::name).toList();
  }

  @Test
  void aNodeLocalOfferTakesItsHostsWorkAndWorkWithoutData() {
    assertEquals(List.of("x", "a"), names(LocalFirst.pick(all, "hosta", "/r1", LocalityLevel.NODE_LOCAL, w -> true)));
  }

  @Test
  void rackAndAnyOffersAddTheRacksWorkThenTheRestInOrder() {
    assertEquals(List.of("x", "a", "b"), names(LocalFirst.pick(all, "hostA", "/r1", LocalityLevel.RACK_LOCAL, w -> true)));
    assertEquals(List.of("x", "a", "b", "c"), names(LocalFirst.pick(all, "hostA", "/r1", LocalityLevel.ANY, w -> true)));
  }

  @Test
  void theOfferTakesOnlyWhatFits() {
    int[] room = {2};
    assertEquals(List.of("x", "a"), names(LocalFirst.pick(all, "hostA", "/r1", LocalityLevel.ANY, w -> room[0]-- > 0)));
  }
}
