package io.meseta.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.protocol.transport.HostPort;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing master addresses and ZooKeeper URLs, and the fixed detector. */
class MasterAddressTest {

  @Test
  void hostAndPortFormsStayFixedAddresses() {
    assertEquals(new MasterAddress.Fixed(new HostPort("m1", 5050)), MasterAddress.parse("m1"));
    assertEquals(new MasterAddress.Fixed(new HostPort("m1", 6060)), MasterAddress.parse(" m1:6060 "));
    assertEquals("m1:6060", MasterAddress.parse("m1:6060").toString());
  }

  @Test
  void zkUrlsNameTheEnsembleAndThePaths() {
    MasterAddress address = MasterAddress.parse("zk://z1:2181,z2:2182/meseta/prod");
    ZkUrl url = ((MasterAddress.ZooKeeper) address).url();
    assertEquals("z1:2181,z2:2182", url.connectString());
    assertEquals("/meseta/prod/leader", url.leaderPath());
    assertEquals("/meseta/prod/election", url.electionPath());
    assertEquals("/meseta/prod/registry", url.registryPath());
    assertEquals("zk://z1:2181,z2:2182/meseta/prod", address.toString());
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @CsvSource(delimiter = '|', value = {
      "''                       | empty",
      "http://m1:5050           | unknown scheme 'http://'",
      "m1:http                  | invalid port 'http'",
      "m1:70000                 | between 1 and 65535",
      ":5050                    | no host",
      "zk://z1:2181             | has no path",
      "zk:///meseta             | has no hosts",
      "zk://z1/meseta           | 'z1' is not HOST:PORT",
      "zk://z1:2181,/meseta     | '' is not HOST:PORT",
      "zk://z1:0/meseta         | 'z1:0' has no valid port",
      "zk://z1:21x/meseta       | 'z1:21x' has no valid port",
      "zk://z1:2181/            | '/' is not a ZooKeeper path",
      "zk://z1:2181/meseta/     | '/meseta/' is not a ZooKeeper path",
      "zk://z1:2181/a//b        | '/a//b' is not a ZooKeeper path",
      "zk://z1:2181/a/./b       | '/a/./b' is not a valid ZooKeeper path",
  })
  void badAddressesAreRejectedWithTheProblemNamed(String text, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterAddress.parse(text));
    assertTrue(e.getMessage().contains(problem), () -> "'" + e.getMessage() + "' should name: " + problem);
  }

  @Test
  void zkUrlParseRejectsOtherSchemes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZkUrl.parse("m1:2181/meseta"));
    assertTrue(e.getMessage().contains("is not a ZooKeeper URL"), e.getMessage());
  }

  @Test
  void aFixedDetectorAlwaysNamesItsAddress() throws Exception {
    try (MasterDetector detector = MasterDetector.of(MasterAddress.parse("m1:6060"))) {
      detector.addListener(leader -> {
        throw new AssertionError("a fixed master never changes");
      });
      detector.start();
      assertEquals(Optional.of(new HostPort("m1", 6060)), detector.leader());
      assertEquals(new HostPort("m1", 6060), detector.awaitLeader(Duration.ZERO));
      assertEquals(MasterAddress.parse("m1:6060"), detector.address());
    }
  }

  @Test
  void zooKeeperSettingsNameTheBadOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ZkSettings.DEFAULT.withSessionTimeout(Duration.ZERO));
    assertTrue(e.getMessage().contains("sessionTimeout"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ZkSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("retryMaxSleep"), e.getMessage());
  }
}
