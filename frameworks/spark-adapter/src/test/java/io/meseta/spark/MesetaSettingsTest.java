package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class MesetaSettingsTest {
  private static SparkConf conf() {
    return new SparkConf(false);
  }

  @Test
  void defaults() {
    MesetaSettings s = MesetaSettings.from(conf());
    assertEquals("*", s.role());
    assertEquals(new ExecutorSize(1, 1024, 384), s.executor());
    assertEquals(2, s.initialExecutors());
    assertEquals(Integer.MAX_VALUE, s.maxExecutors());
    assertEquals(Duration.ofSeconds(60), s.registrationTimeout());
    assertEquals(Duration.ofSeconds(120), s.unplaceableTimeout());
  }

  @Test
  void overheadIsTenPercentAboveThe384MbFloorOrAsSet() {
    assertEquals(819, MesetaSettings.from(conf().set("spark.executor.memory", "8g")).executor().overheadMb());
    assertEquals(100, MesetaSettings.from(conf().set("spark.executor.memoryOverhead", "100m")).executor().overheadMb());
    assertEquals("cpus:2;mem:2432", MesetaSettings.from(conf().set("spark.executor.cores", "2")
        .set("spark.executor.memory", "2g")).executor().resources().toString().replace(" ", ""));
  }

  @Test
  void coresMaxCapsTheExecutorCount() {
    MesetaSettings s = MesetaSettings.from(conf().set("spark.executor.instances", "5").set("spark.cores.max", "4")
        .set("spark.executor.cores", "2"));
    assertEquals(2, s.maxExecutors());
    assertEquals(2, s.initialExecutors());
  }

  @Test
  void dynamicAllocationStartsFromItsInitialCount() {
    assertEquals(3, MesetaSettings.from(conf().set("spark.dynamicAllocation.enabled", "true")
        .set("spark.dynamicAllocation.minExecutors", "1").set("spark.dynamicAllocation.initialExecutors", "3"))
        .initialExecutors());
  }

  @Test
  void theClasspathComesFromTheSettingTheHomeOrTheDriver() {
    assertEquals("/x/*:/y.jar", MesetaSettings.from(conf().set(MesetaSettings.EXECUTOR_CLASSPATH, "/x/*:/y.jar"))
        .classpath());
    assertEquals("/opt/spark/jars/*", MesetaSettings.from(conf().set(MesetaSettings.EXECUTOR_HOME, "/opt/spark"))
        .classpath());
    assertEquals("/extra.jar:/opt/spark/jars/*", MesetaSettings.from(conf().set(MesetaSettings.EXECUTOR_HOME,
        "/opt/spark").set("spark.executor.extraClassPath", "/extra.jar")).classpath());
    assertTrue(MesetaSettings.from(conf()).classpath().contains("test-classes"));
  }

  @Test
  void anArchiveOfSparksJarsIsUnpackedIntoTheSandbox() {
    MesetaSettings s = MesetaSettings.from(conf().set(MesetaSettings.ARCHIVE, "hdfs://nn:8020/spark/spark-4.1.3.tgz"));
    assertEquals(java.util.Optional.of("hdfs://nn:8020/spark/spark-4.1.3.tgz"), s.archive());
    assertEquals("$MESETA_SANDBOX/jars/*", s.classpath());
    assertEquals("$MESETA_SANDBOX/spark-4.1.3-bin-hadoop3/jars/*", MesetaSettings.from(conf()
        .set(MesetaSettings.ARCHIVE, "/x/spark.tar.gz").set(MesetaSettings.ARCHIVE_JARS, "spark-4.1.3-bin-hadoop3/jars/"))
        .classpath());
    assertEquals(java.util.Optional.empty(), MesetaSettings.from(conf()).archive());
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey(conf().set(MesetaSettings.ARCHIVE, "hdfs://nn/spark.rpm"), MesetaSettings.ARCHIVE);
    assertKey(conf().set(MesetaSettings.ARCHIVE, "/s.tgz").set(MesetaSettings.ARCHIVE_JARS, "../jars"),
        MesetaSettings.ARCHIVE_JARS);
    assertKey(conf().set(MesetaSettings.LOCALITY_PATHS, "/a, /b c"), MesetaSettings.LOCALITY_PATHS);
    assertKey(conf().set("spark.executor.memory", "lots"), "spark.executor.memory");
    assertKey(conf().set("spark.executor.cores", "0"), "spark.executor.cores");
    assertKey(conf().set("spark.executor.cores", "2").set("spark.cores.max", "1"), "spark.cores.max");
    assertKey(conf().set(MesetaSettings.REGISTRATION_TIMEOUT, "0s"), MesetaSettings.REGISTRATION_TIMEOUT);
    assertKey(conf().set(MesetaSettings.UNPLACEABLE_TIMEOUT, "soon"), MesetaSettings.UNPLACEABLE_TIMEOUT);
    assertKey(conf().set(MesetaSettings.ROLE, " "), MesetaSettings.ROLE);
    assertKey(conf().set("spark.executor.instances", "0"), "spark.executor.instances");
  }

  private static void assertKey(SparkConf conf, String key) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MesetaSettings.from(conf));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
