package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkUrl;
import io.meseta.protocol.transport.HostPort;
import org.junit.jupiter.api.Test;

class MesetaMasterUrlTest {
  @Test
  void aFixedMaster() {
    assertEquals(new MasterAddress.Fixed(new HostPort("m1", 5050)), MesetaMasterUrl.parse("meseta://m1:5050").address());
    assertEquals(new MasterAddress.Fixed(new HostPort("m1", 5050)), MesetaMasterUrl.parse("meseta://m1").address());
  }

  @Test
  void zooKeeper() {
    assertEquals(new MasterAddress.ZooKeeper(ZkUrl.parse("zk://z1:2181,z2:2181/meseta")),
        MesetaMasterUrl.parse("meseta://zk://z1:2181,z2:2181/meseta").address());
  }

  @Test
  void theSparkSubmitAliasMeansTheSame() {
    assertEquals(MesetaMasterUrl.parse("meseta://m1:7000").address(),
        MesetaMasterUrl.parse("spark+meseta://m1:7000").address());
    assertEquals(MesetaMasterUrl.parse("meseta://zk://z:1/p").address(),
        MesetaMasterUrl.parse("spark+meseta://zk://z:1/p").address());
  }

  @Test
  void onlyMesetaSchemesAreClaimed() {
    assertTrue(MesetaMasterUrl.isMeseta("meseta://x:1"));
    assertTrue(MesetaMasterUrl.isMeseta("spark+meseta://x:1"));
    assertTrue(MesetaMasterUrl.isMeseta("meseta://")); // ours, and parse says what is wrong
    assertFalse(MesetaMasterUrl.isMeseta("spark://x:7077"));
    assertFalse(MesetaMasterUrl.isMeseta("local[2]"));
    assertFalse(MesetaMasterUrl.isMeseta("yarn"));
    assertFalse(MesetaMasterUrl.isMeseta(null));
  }

  @Test
  void malformedUrlsNameTheProblem() {
    assertMessage("meseta://", "names no master");
    assertMessage("meseta://host:notaport", "meseta://host:notaport");
    assertMessage("meseta://host:99999", "port");
    assertMessage("meseta://host:5050/extra", "path after HOST:PORT");
    assertMessage("meseta://zk://z1:2181", "no path");
    assertMessage("mesos://host:5050", "not a Meseta master URL");
  }

  private static void assertMessage(String url, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MesetaMasterUrl.parse(url));
    assertTrue(e.getMessage().contains(part), url + " -> " + e.getMessage());
  }
}
