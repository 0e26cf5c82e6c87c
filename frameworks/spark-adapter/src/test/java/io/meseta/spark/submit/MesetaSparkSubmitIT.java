package io.meseta.spark.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.slave.Agent;
import io.meseta.spark.SparkTestSupport;
import io.meseta.spark.WordCountApp;
import io.meseta.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/meseta spark-submit}, run as a real process with the build's Spark (no SPARK_HOME):
 * in client mode the driver runs under it; in cluster mode the driver runs as a Meseta task,
 * supervised, and {@code --status} / {@code --kill} act on the submission id.
 */
class MesetaSparkSubmitIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Path BIN = Path.of("..", "..", "bin", "meseta").toAbsolutePath().normalize();

  private static Path dir;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    dir = SparkTestSupport.workDir("spark-cluster-mode-");
    cluster = LocalCluster.start(MasterConfig.defaults(dir.resolve("cluster")).withPort(0), 2,
        dir.resolve("cluster"), Optional.of(Resources.parse("cpus:2;mem:2048;disk:4000")));
    for (Agent a : cluster.agents()) {
      a.awaitRegistered(WAIT);
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clientModeRunsTheDriverHere() throws Exception {
    Path input = words();
    Path output = dir.resolve("client-counts.tsv");
    List<String> args = new ArrayList<>(List.of("--master", "meseta://" + cluster.masterAddress(),
        "--class", WordCountApp.class.getName(), "--driver-memory", "512m"));
    SparkTestSupport.settings(dir).forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(List.of(SparkTestSupport.applicationJar(dir.resolve("client.jar")).toString(), input.toString(),
        output.toString()));

    meseta("spark-submit", args);

    assertEquals(count(input), WordCountApp.read(output));
  }

  @Test
  void aSupervisedDriverKilledOnceIsRelaunchedAndTheJobCompletes() throws Exception {
    Path input = words();
    Map<String, Long> expected = count(input);
    Path output = dir.resolve("counts.tsv");
    List<String> args = new ArrayList<>(List.of("--master", "meseta://" + cluster.masterAddress(),
        "--deploy-mode", "cluster", "--supervise", "--class", WordCountApp.class.getName(),
        "--name", "supervised word count", "--driver-memory", "512m"));
    SparkTestSupport.settings(dir).forEach((k, v) -> {
      if (!k.startsWith("spark.driver.")) { // the driver's host is its agent's
        args.addAll(List.of("--conf", k + "=" + v));
      }
    });
    args.addAll(List.of("--conf", "spark.executor.instances=1",
        SparkTestSupport.applicationJar(dir.resolve("wordcount.jar")).toString(), input.toString(), output.toString()));

    String id = submissionId(meseta("spark-submit", args));
    long pid = Await.value("the first driver's process", WAIT, () -> driverPid(id), Optional::isPresent).get();
    assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL driver " + pid);

    Await.until("the submission finished", WAIT, () -> status(id).contains("state: FINISHED"));
    String status = meseta("spark-submit", List.of("--master", cluster.masterAddress().toString(), "--status", id));
    assertTrue(status.contains("state: FINISHED") && status.contains("driver-1 FAILED")
        && status.contains("driver-2 FINISHED"), status);
    assertEquals(expected, WordCountApp.read(output));
  }

  @Test
  void aSubmissionCanBeKilled() throws Exception {
    String id = submissionId(meseta("spark-submit", List.of("--master", "meseta://" + cluster.masterAddress(),
        "--deploy-mode", "cluster", "--class", SleepingApp.class.getName(), "--driver-memory", "256m",
        SparkTestSupport.applicationJar(dir.resolve("sleeping.jar"), SleepingApp.class).toString())));
    Await.until("the driver runs", WAIT, () -> driverPid(id).isPresent());

    String out = meseta("spark-submit", List.of("--master", cluster.masterAddress().toString(), "--kill", id));

    assertTrue(out.contains("submission " + id + " killed"), out);
    Await.until("the driver process is gone", WAIT, () -> driverPid(id).isEmpty());
    assertTrue(status(id).contains("unknown"), status(id));
  }

  // ------------------------------------------------------------------ helpers

  private static Path words() throws IOException {
    Path input = dir.resolve("words.txt");
    Files.writeString(input, "to be or not to be\nthat is the question\nto be\n");
    return input;
  }

  private static Map<String, Long> count(Path input) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (String w : Files.readString(input).split("\\s+")) {
      counts.merge(w, 1L, Long::sum);
    }
    return counts;
  }

  /** Runs {@code bin/meseta COMMAND ARGS}, returns its stdout; fails unless it exits 0. */
  private static String meseta(String command, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BIN.toString(), command));
    cmd.addAll(args);
    Path log = Files.createTempFile(dir, "meseta-", ".log");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    assertEquals(0, code, "bin/meseta " + command + " " + args + "\nstdout:\n" + out + "\nstderr:\n"
        + Files.readString(log));
    return out;
  }

  private static String submissionId(String out) {
    Matcher m = Pattern.compile("submission id: (\\S+)").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  private static String status(String id) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      ClusterSubmission.status(cluster.masterAddress(), id, new PrintStream(b, true, StandardCharsets.UTF_8));
    } catch (Exception e) {
      return "error: " + e;
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  /** The pid of the driver JVM of a submission, if one runs. */
  private static Optional<Long> driverPid(String id) {
    try {
      return SparkTestSupport.processesWith("-Dmeseta.spark.submission=" + id).stream().findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
