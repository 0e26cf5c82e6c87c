package io.meseta.hdfs.locality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meseta.hdfs.conf.HadoopConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RackResolverTest {
  @TempDir Path dir;

  @Test
  void unconfiguredTopologyPutsEveryHostOnTheDefaultRack() {
    RackResolver racks = RackResolver.fromConf(HadoopConf.of(new Configuration()));
    assertEquals("/default-rack", racks.rackOf("host1.example"));
    assertEquals(RackResolver.DEFAULT_RACK, racks.rackOf("10.1.2.3"));
  }

  @Test
  void tableMappingPlacesListedHostsAndDefaultsTheRest() throws Exception {
    Path table = dir.resolve("topology.table");
    Files.writeString(table, "host1.example /dc1/r1\nhost2.example   /dc1/r2\n10.0.0.3 /dc2/r1\n");
    HadoopConf conf = HadoopConf.of(new Configuration())
        .with("net.topology.node.switch.mapping.impl", "org.apache.hadoop.net.TableMapping")
        .with("net.topology.table.file.name", table.toString());

    RackResolver racks = RackResolver.fromConf(conf);

    assertEquals("/dc1/r1", racks.rackOf("host1.example"));
    assertEquals(Map.of("host2.example", "/dc1/r2", "10.0.0.3", "/dc2/r1", "host9.example", "/default-rack"),
        racks.racksOf(List.of("host2.example", "10.0.0.3", "host9.example")));
  }

  @Test
  void scriptMappingRunsTheConfiguredScript() throws Exception {
    Path script = dir.resolve("topology.sh");
    Files.writeString(script, "#!/bin/sh\nfor h in \"$@\"; do case \"$h\" in\n"
        + "  host1*) echo /s/r1 ;;\n  *) echo /s/other ;;\nesac; done\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    HadoopConf conf = HadoopConf.of(new Configuration()).with("net.topology.script.file.name", script.toString());

    RackResolver racks = RackResolver.fromConf(conf);

    assertEquals(Map.of("host1.example", "/s/r1", "host2.example", "/s/other"),
        racks.racksOf(List.of("host1.example", "host2.example")));
  }

  @Test
  void aFailingScriptFallsBackToTheDefaultRack() throws Exception {
    Path script = dir.resolve("broken.sh");
    Files.writeString(script, "#!/bin/sh\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    HadoopConf conf = HadoopConf.of(new Configuration()).with("net.topology.script.file.name", script.toString());

    assertEquals("/default-rack", RackResolver.fromConf(conf).rackOf("host1.example"));
  }

  @Test
  void anUnknownMappingClassIsAnErrorNamingTheKey() {
    HadoopConf conf = HadoopConf.of(new Configuration())
        .with("net.topology.node.switch.mapping.impl", "org.example.NoSuchMapping");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RackResolver.fromConf(conf));
    assertEquals(true, e.getMessage().contains("net.topology.node.switch.mapping.impl"), e.getMessage());
  }
}
