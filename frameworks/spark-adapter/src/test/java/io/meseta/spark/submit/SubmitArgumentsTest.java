package io.meseta.spark.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.discovery.MasterAddress;
import io.meseta.protocol.thrift.TaskState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubmitArgumentsTest {
  @Test
  void clusterModeWithItsOwnOptionsAndTheRestForSparkSubmit() {
    SubmitArguments a = SubmitArguments.parse(List.of("--master", "meseta://m1:5050", "--deploy-mode", "cluster",
        "--supervise", "--class", "com.example.Main", "--driver-memory", "2g", "--driver-cores=2", "--conf",
        "spark.meseta.role=etl", "--verbose", "app.jar", "--input", "x"));

    assertEquals(MasterAddress.parse("m1:5050"), a.master());
    assertTrue(a.cluster() && a.supervise());
    assertEquals(2048, a.driverMemoryMb());
    assertEquals(2, a.driverCores());
    assertEquals("etl", a.role());
    assertEquals("com.example.Main", a.name());
    assertEquals(List.of("--class", "com.example.Main", "--driver-memory", "2g", "--driver-cores", "2", "--conf",
        "spark.meseta.role=etl", "--verbose", "app.jar", "--input", "x"), a.sparkArgs());
    assertEquals(List.of("app.jar", "--input", "x"), a.application());
    assertEquals("spark+meseta://m1:5050", a.sparkMaster());
  }

  @Test
  void everyMasterFormMeansTheSame() {
    for (String m : List.of("meseta://m:1", "spark+meseta://m:1", "m:1")) {
      assertEquals(MasterAddress.parse("m:1"), SubmitArguments.parse(List.of("--master", m, "a.jar")).master());
    }
    assertEquals(MasterAddress.parse("zk://z:2181/meseta"),
        SubmitArguments.parse(List.of("--master", "meseta://zk://z:2181/meseta", "a.jar")).master());
  }

  @Test
  void statusAndKillNeedNoApplication() {
    assertEquals(Optional.of("F1"), SubmitArguments.parse(List.of("--master", "m:1", "--status", "F1")).status());
    assertEquals(Optional.of("F1"), SubmitArguments.parse(List.of("--master", "m:1", "--kill", "F1")).kill());
    assertFalse(SubmitArguments.parse(List.of("--master", "m:1", "a.jar")).cluster());
  }

  @Test
  void badInputNamesTheProblem() {
    assertMessage(List.of("a.jar"), "--master is required");
    assertMessage(List.of("--master", "mesos://m:1", "a.jar"), "unknown scheme");
    assertMessage(List.of("--master", "m:1", "--deploy-mode", "yarn", "a.jar"), "--deploy-mode");
    assertMessage(List.of("--master", "m:1", "--supervise", "a.jar"), "--supervise only applies");
    assertMessage(List.of("--master", "m:1", "--driver-memory", "lots", "a.jar"), "--driver-memory");
    assertMessage(List.of("--master", "m:1"), "no application jar");
    assertMessage(List.of("--master"), "--master needs a value");
  }

  @Test
  void aSubmissionsStateFollowsItsNewestDriver() {
    var sup = new SubmissionState.Task("supervisor", TaskState.RUNNING);
    assertEquals("SUBMITTED", SubmissionState.of(List.of(sup)));
    assertEquals("RUNNING", SubmissionState.of(List.of(sup, task("driver-1", TaskState.RUNNING))));
    assertEquals("RELAUNCHING", SubmissionState.of(List.of(sup, task("driver-1", TaskState.FAILED))));
    assertEquals("RUNNING", SubmissionState.of(List.of(sup, task("driver-1", TaskState.FAILED),
        task("driver-2", TaskState.STAGING))));
    var ended = new SubmissionState.Task("supervisor", TaskState.FINISHED);
    assertEquals("FINISHED", SubmissionState.of(List.of(ended, task("driver-9", TaskState.FAILED),
        task("driver-10", TaskState.FINISHED))));
    assertEquals("FAILED", SubmissionState.of(List.of(new SubmissionState.Task("supervisor", TaskState.FAILED),
        task("driver-1", TaskState.FAILED))));
    assertEquals("FAILED", SubmissionState.of(List.of(new SubmissionState.Task("supervisor", TaskState.FAILED))));
  }

  @Test
  void theDriverTaskRunsSparkSubmitInClientModeOnItsAgentsHost() {
    SubmitArguments a = SubmitArguments.parse(List.of("--master", "m:1", "--deploy-mode", "cluster", "--class", "C",
        "/apps/app.jar", "it's"));
    String shell = DriverLaunch.driverShell(a);
    assertTrue(shell.contains("'org.apache.spark.deploy.SparkSubmit' '--master' 'spark+meseta://m:1' "
        + "'--deploy-mode' 'client' '--conf' 'spark.driver.host='\"$SPARK_DRIVER_HOST\"''"), shell);
    assertTrue(shell.endsWith("'--class' 'C' '/apps/app.jar' 'it'\"'\"'s'"), shell);
    assertEquals("cpus:1;mem:1408", DriverLaunch.driverResources(a).toString().replace(" ", ""));
  }

  private static SubmissionState.Task task(String id, TaskState s) {
    return new SubmissionState.Task(id, s);
  }

  private static void assertMessage(List<String> args, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubmitArguments.parse(args));
    assertTrue(e.getMessage().contains(part), args + " -> " + e.getMessage());
  }
}
