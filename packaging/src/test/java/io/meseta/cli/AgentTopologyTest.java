package io.meseta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.cli.config.ConfigException;
import io.meseta.discovery.MasterAddress;
import io.meseta.slave.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent reports the rack Hadoop's topology mapping gives its host name, as data nodes do. */
class AgentTopologyTest {
  @TempDir
  Path dir;

  private AgentConfig.Builder agent(String host) {
    return AgentConfig.builder(MasterAddress.parse("localhost:5050"), dir.resolve("work")).hostname(host);
  }

  private Path tableTopology(String table) throws Exception {
    Path conf = Files.createDirectories(dir.resolve("hadoop"));
    Files.writeString(conf.resolve("topology.table"), table);
    Files.writeString(conf.resolve("core-site.xml"), "<configuration>\n"
        + "<property><name>net.topology.node.switch.mapping.impl</name>"
        + "<value>org.apache.hadoop.net.TableMapping</value></property>\n"
        + "<property><name>net.topology.table.file.name</name><value>" + conf.resolve("topology.table")
        + "</value></property>\n</configuration>\n");
    return conf;
  }

  @Test
  void theTopologyTablePlacesTheAgent() throws Exception {
    Path conf = tableTopology("worker1.example /dc1/rack-7\nworker2.example /dc1/rack-8\n");
    assertEquals(Optional.of("/dc1/rack-7"),
        AgentCommand.topologyRack(agent("worker1.example").hadoopConfDir(conf).build()));
  }

  @Test
  void aHostTheTableDoesNotPlaceAndAGivenRackGetNone() throws Exception {
    Path conf = tableTopology("worker1.example /dc1/rack-7\n");
    assertEquals(Optional.empty(), AgentCommand.topologyRack(agent("elsewhere.example").hadoopConfDir(conf).build()));
    assertEquals(Optional.empty(), AgentCommand.topologyRack(agent("worker1.example").hadoopConfDir(conf)
        .attributes(Map.of("rack", "/given")).build()));
  }

  @Test
  void noTopologyConfiguredMeansNoRack() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(conf.resolve("core-site.xml"), "<configuration/>\n");
    assertEquals(Optional.empty(), AgentCommand.topologyRack(agent("worker1.example").hadoopConfDir(conf).build()));
  }

  @Test
  void aMissingHadoopConfDirNamesIt() {
    Path missing = dir.resolve("no-such-dir");
    ConfigException e = assertThrows(ConfigException.class,
        () -> AgentCommand.topologyRack(agent("worker1.example").hadoopConfDir(missing).build()));
    assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
  }
}
