package io.meseta.master.locality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.hdfs.locality.HostNameMode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wished data node names become agent names by the configured host-name mode. */
class PathLocalityTest {
  private static final Set<String> AGENTS = Set.of("dn1.example.com", "dn2.example.com");

  private static Map<String, Integer> map(HostNameMode mode, Map<String, Integer> wishes) {
    try (PathLocality p = new PathLocality(new HdfsLocalityConfig(Optional.empty(), mode))) {
      return p.toAgentNames(wishes, AGENTS);
    }
  }

  @Test
  void shortNamesFindTheirAgentsAndCountsOnOneAgentAddUp() {
    assertEquals(Map.of("dn1.example.com", 5, "dn2.example.com", 1, "dn9", 4),
        map(HostNameMode.SHORT_NAME, Map.of("dn1", 2, "DN1.example.com.", 3, "dn2", 1, "dn9", 4)));
  }

  @Test
  void fqdnModeMatchesOnlyFullNames() {
    assertEquals(Map.of("dn1", 2, "dn2.example.com", 1),
        map(HostNameMode.FQDN, Map.of("dn1", 2, "dn2.example.com", 1)));
  }
}
