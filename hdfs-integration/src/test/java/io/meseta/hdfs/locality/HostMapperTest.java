package io.meseta.hdfs.locality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostMapperTest {
  /** A resolver from a table, like /etc/hosts: no DNS in unit tests. */
  private static final AddressResolver TABLE = host -> {
    List<String> a = Map.of(
        "node1.dc.example", List.of("10.0.0.1"),
        "agent-a", List.of("10.0.0.1"),
        "node2.dc.example", List.of("10.0.0.2", "fd00::2"),
        "agent-b", List.of("fd00::2"),
        "shared-1", List.of("10.0.0.9"),
        "shared-2", List.of("10.0.0.9"),
        "10.0.0.3", List.of("10.0.0.3")).get(host);
    if (a == null) {
      throw new UnknownHostException(host);
    }
    return a;
  };

  @Test
  void fqdnModeMatchesWholeNamesIgnoringCaseAndTrailingDot() {
    HostMapper m = new HostMapper(HostNameMode.FQDN, Set.of("host1.example", "HOST2.example"), TABLE);
    assertEquals(Optional.of("host1.example"), m.agentFor("HOST1.example."));
    assertEquals(Optional.of("HOST2.example"), m.agentFor("host2.example"));
    HostMatch none = m.match("host1");
    assertFalse(none.matched());
    assertTrue(none.explanation().contains("no agent is named 'host1'"), none.explanation());
  }

  @Test
  void shortNameModeMatchesFirstLabelsEitherWay() {
    HostMapper m = new HostMapper(HostNameMode.SHORT_NAME, Set.of("host1", "host2.agents.example"), TABLE);
    assertEquals(Optional.of("host1"), m.agentFor("host1.example"));
    assertEquals(Optional.of("host2.agents.example"), m.agentFor("host2"));
    assertEquals(Optional.of("host2.agents.example"), m.agentFor("host2.hdfs.example"));
    HostMatch none = m.match("host3.example");
    assertTrue(none.agentHost().isEmpty());
    assertTrue(none.explanation().contains("short name 'host3'"), none.explanation());
  }

  @Test
  void shortNameShapedByTwoAgentsIsAmbiguousUnlessOneMatchesExactly() {
    HostMapper m = new HostMapper(HostNameMode.SHORT_NAME, Set.of("host1.a.example", "host1.b.example"), TABLE);
    HostMatch ambiguous = m.match("host1.c.example");
    assertTrue(ambiguous.agentHost().isEmpty());
    assertTrue(ambiguous.explanation().contains("ambiguous") && ambiguous.explanation().contains("host1.a.example"),
        ambiguous.explanation());
    assertEquals(Optional.of("host1.b.example"), m.agentFor("host1.b.example"));
  }

  @Test
  void ipModeMatchesThroughACommonAddress() {
    HostMapper m = new HostMapper(HostNameMode.IP, Set.of("agent-a", "agent-b", "10.0.0.3", "unresolvable"), TABLE);
    assertEquals(Optional.of("agent-a"), m.agentFor("node1.dc.example"));
    assertEquals(Optional.of("agent-b"), m.agentFor("node2.dc.example"));
    assertEquals(Optional.of("10.0.0.3"), m.agentFor("10.0.0.3"));
    assertEquals(Optional.of("agent-a"), m.agentFor("agent-a"), "the same name always matches");

    HostMatch unknown = m.match("node9.dc.example");
    assertTrue(unknown.agentHost().isEmpty());
    assertTrue(unknown.explanation().contains("does not resolve"), unknown.explanation());
  }

  @Test
  void ipModeReportsAgentsSharingAnAddressAsAmbiguous() {
    HostMapper m = new HostMapper(HostNameMode.IP, Set.of("shared-1", "shared-2"), host -> List.of("10.0.0.9"));
    HostMatch match = m.match("datanode");
    assertTrue(match.agentHost().isEmpty());
    assertTrue(match.explanation().contains("ambiguous"), match.explanation());
  }

  @Test
  void ipModeWithTheSystemResolverHandlesLiteralsAndLocalhost() {
    HostMapper m = new HostMapper(HostNameMode.IP, Set.of("127.0.0.1"));
    assertEquals(Optional.of("127.0.0.1"), m.agentFor("localhost"));
  }

  @Test
  void mapsASplitsHostsKeepingOrderAndDroppingUnmatched() {
    HostMapper m = new HostMapper(HostNameMode.SHORT_NAME, Set.of("b", "a"), TABLE);
    assertEquals(List.of("b", "a"), m.agentsFor(List.of("b.x", "z.x", "a.x", "b.y")));
    assertEquals(List.of(true, false), m.matchAll(List.of("a.x", "c.x")).stream().map(HostMatch::matched).toList());
  }

  @Test
  void noAgentsMeansNoMatchAndSaysSo() {
    HostMatch none = new HostMapper(HostNameMode.FQDN, Set.of(), TABLE).match("host1.example");
    assertTrue(none.agentHost().isEmpty());
    assertTrue(none.explanation().contains("0 agents known"), none.explanation());
  }

  @Test
  void parsesConfiguredModesAndNamesTheKeyOnError() {
    assertEquals(HostNameMode.FQDN, HostNameMode.parse("k", "fqdn"));
    assertEquals(HostNameMode.SHORT_NAME, HostNameMode.parse("k", "short"));
    assertEquals(HostNameMode.SHORT_NAME, HostNameMode.parse("k", "short-name"));
    assertEquals(HostNameMode.IP, HostNameMode.parse("k", " IP "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HostNameMode.parse("meseta.hdfs.host-mapping", "dns"));
    assertTrue(e.getMessage().contains("meseta.hdfs.host-mapping") && e.getMessage().contains("fqdn, short_name, ip"),
        e.getMessage());
  }
}
