package io.meseta.hdfs.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopConfTest {
  @TempDir Path dir;

  private static String site(String... keyValues) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      b.append("  <property><name>").append(keyValues[i]).append("</name><value>").append(keyValues[i + 1])
          .append("</value></property>\n");
    }
    return b.append("</configuration>\n").toString();
  }

  @Test
  void readsCoreAndHdfsSiteFromAGivenDirectory() throws Exception {
    Files.writeString(dir.resolve("core-site.xml"), site("fs.defaultFS", "hdfs://nn.example:8020"));
    Files.writeString(dir.resolve("hdfs-site.xml"), site("dfs.blocksize", "1048576"));

    HadoopConf conf = HadoopConf.load(Optional.of(dir), Map.of());

    assertEquals(URI.create("hdfs://nn.example:8020"), conf.defaultFileSystem());
    assertEquals(Optional.of("1048576"), conf.get("dfs.blocksize"));
    assertEquals(Optional.of(dir.toAbsolutePath().normalize()), conf.directory());
  }

  @Test
  void readsHadoopConfDirFromTheEnvironmentWhenNoDirectoryIsGiven() throws Exception {
    Files.writeString(dir.resolve("core-site.xml"), site("fs.defaultFS", "hdfs://from-env:9000"));

    HadoopConf conf = HadoopConf.load(Optional.empty(), Map.of(HadoopConf.ENV_CONF_DIR, dir.toString()));

    assertEquals(URI.create("hdfs://from-env:9000"), conf.defaultFileSystem());
  }

  @Test
  void aGivenDirectoryWinsOverTheEnvironment() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("core-site.xml"), site("fs.defaultFS", "hdfs://given:1"));

    HadoopConf conf = HadoopConf.load(Optional.of(other), Map.of(HadoopConf.ENV_CONF_DIR, "/does/not/exist"));

    assertEquals(URI.create("hdfs://given:1"), conf.defaultFileSystem());
  }

  @Test
  void withoutDirectoryOrEnvironmentTheDefaultsUseTheLocalFileSystem() throws Exception {
    HadoopConf conf = HadoopConf.load(Optional.empty(), Map.of());
    assertEquals("file", conf.defaultFileSystem().getScheme());
    assertEquals(Optional.empty(), conf.directory());
  }

  @Test
  void aMissingDirectoryIsAnErrorThatNamesIt() {
    Path missing = dir.resolve("nope");
    HadoopConfigException e = assertThrows(HadoopConfigException.class,
        () -> HadoopConf.load(Optional.of(missing), Map.of()));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
        e.getMessage());

    HadoopConfigException env = assertThrows(HadoopConfigException.class,
        () -> HadoopConf.load(Optional.empty(), Map.of(HadoopConf.ENV_CONF_DIR, missing.toString())));
    assertTrue(env.getMessage().contains("HADOOP_CONF_DIR") && env.getMessage().contains(missing.toString()),
        env.getMessage());
  }

  @Test
  void aDirectoryWithoutSiteFilesOrABrokenFileIsAnError() throws Exception {
    HadoopConfigException empty = assertThrows(HadoopConfigException.class,
        () -> HadoopConf.load(Optional.of(dir), Map.of()));
    assertTrue(empty.getMessage().contains("neither core-site.xml nor hdfs-site.xml"), empty.getMessage());

    Files.writeString(dir.resolve("core-site.xml"), "<configuration><property><name>x</name>");
    HadoopConfigException broken = assertThrows(HadoopConfigException.class,
        () -> HadoopConf.load(Optional.of(dir), Map.of()));
    assertTrue(broken.getMessage().contains(dir.resolve("core-site.xml").toString()), broken.getMessage());
  }

  @Test
  void failFastClientDefaultsApplyUnlessASiteFileSetsTheKey() throws Exception {
    Files.writeString(dir.resolve("core-site.xml"), site("ipc.client.connect.max.retries", "7"));

    HadoopConf conf = HadoopConf.load(Optional.of(dir), Map.of());

    assertEquals(Optional.of("7"), conf.get("ipc.client.connect.max.retries"));
    assertEquals(Optional.of("500"), conf.get("ipc.client.connect.retry.interval"));
    assertEquals(Optional.of("5000"), conf.get("ipc.client.connect.timeout"));
    assertEquals(Optional.of("2"), HadoopConf.of(new Configuration()).get("ipc.client.connect.max.retries"));
  }

  @Test
  void copiesAreIndependent() {
    HadoopConf a = HadoopConf.of(new Configuration());
    HadoopConf b = a.with("x.y", "1");
    a.toConfiguration().set("x.y", "2");
    assertEquals(Optional.empty(), a.get("x.y"));
    assertEquals(Optional.of("1"), b.get("x.y"));
  }
}
