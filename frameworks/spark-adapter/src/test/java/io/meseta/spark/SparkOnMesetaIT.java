package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.testing.Await;
import io.meseta.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark 4 on a Meseta cluster in this JVM: the driver runs here, every executor is a separate JVM
 * that a Meseta agent launched as a task.
 */
class SparkOnMesetaIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Under target/, not /tmp: Meseta tasks get a private /tmp, and executors must read the input. */
  private static Path dir;
  private static LocalCluster cluster;
  private static Path input;
  private static Map<String, Long> expected;
  private static Map<String, Long> expectedSql;

  private SparkSession spark;

  @BeforeAll
  static void startCluster() throws Exception {
    dir = workDir("spark-on-meseta-");
    cluster = LocalCluster.start(MasterConfig.defaults(dir.resolve("cluster")).withPort(0), 2,
        dir.resolve("cluster"), Optional.of(Resources.parse("cpus:2;mem:2048;disk:4000")));
    input = dir.resolve("words.txt");
    writeWords(input, 20_000);
    SparkSession local = base("word count (local)").master("local[2]").getOrCreate();
    try {
      expected = WordCountApp.count(local, input.toString());
      expectedSql = SqlJob.run(local);
    } finally {
      local.stop();
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void wordCountOnMesetaEqualsLocalMode() {
    spark = meseta("word count").getOrCreate();
    // The build's Spark (4.1.x by default, 4.0.x with -Pspark-4.0) is the one that ran.
    assertEquals(System.getProperty("spark.version.expected", spark.version()), spark.version());
    assertTrue(spark.sparkContext().applicationId().contains("-F"), spark.sparkContext().applicationId());

    Map<String, Long> counts = WordCountApp.count(spark, input.toString());

    assertEquals(expected, counts);
    assertTrue(executorIds(spark).size() >= 2, "executors: " + executorIds(spark));
  }

  @Test
  void aShuffleABroadcastAndASqlJoinWithAggregationAnswerAsInLocalMode() {
    spark = meseta("sql").getOrCreate();

    Map<String, Long> result = SqlJob.run(spark);

    assertEquals(expectedSql, result);
    assertEquals(20_000L, result.get("all-orders"));
  }

  @Test
  void anExecutorKilledWithSigkillIsReplacedAndTheJobSucceeds() throws Exception {
    spark = meseta("sigkill").getOrCreate();
    Set<String> added = ConcurrentHashMap.newKeySet();
    Map<String, String> removed = new ConcurrentHashMap<>();
    CompletableFuture<Void> taskStarted = new CompletableFuture<>();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onExecutorAdded(SparkListenerExecutorAdded e) {
        added.add(e.executorId());
      }

      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        removed.put(e.executorId(), e.reason());
      }

      @Override
      public void onTaskStart(SparkListenerTaskStart e) {
        taskStarted.complete(null);
      }
    });
    Await.until("two executors registered", WAIT, () -> executorIds(spark).size() >= 2);
    added.addAll(executorIds(spark));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> jsc.parallelize(range(12), 12).map(i -> {
      Thread.sleep(1000);
      return i;
    }).reduce(Integer::sum));
    taskStarted.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    String appId = spark.sparkContext().applicationId();
    List<Long> pids = ExecutorProcesses.of(appId);
    assertEquals(2, pids.size(), "executor processes of " + appId + ": " + pids);
    ProcessHandle victim = ProcessHandle.of(pids.get(0)).orElseThrow();
    assertTrue(victim.destroyForcibly(), "SIGKILL " + victim.pid());

    assertEquals(78, job.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    Await.until("an executor was removed", WAIT, () -> !removed.isEmpty());
    Await.until("a replacement executor registered", WAIT, () -> added.size() >= 3 && executorIds(spark).size() >= 2);
  }

  @Test
  void aSparkLauncherHandleReachesFinishedWithTheApplicationId() throws Exception {
    Path output = dir.resolve("launcher-counts.tsv");
    SparkLauncher launcher = new SparkLauncher().setSparkHome(FakeSparkHome.create(dir.resolve("spark-home")).toString())
        .setMaster("spark+" + masterUrl()).setDeployMode("client").setAppName("launched")
        .setAppResource(SparkSubmitIT.applicationJar(dir.resolve("launched.jar")).toString())
        .setMainClass(WordCountApp.class.getName()).addAppArgs(input.toString(), output.toString())
        .redirectError(dir.resolve("launched-driver.log").toFile());
    settings(dir).forEach(launcher::setConf);
    Set<SparkAppHandle.State> seen = ConcurrentHashMap.newKeySet();
    SparkAppHandle handle = launcher.startApplication(new SparkAppHandle.Listener() {
      @Override
      public void stateChanged(SparkAppHandle h) {
        seen.add(h.getState());
      }

      @Override
      public void infoChanged(SparkAppHandle h) {
      }
    });
    try {
      Await.until("the handle is final", Duration.ofSeconds(120), () -> handle.getState().isFinal());
    } finally {
      if (!handle.getState().isFinal()) {
        handle.kill();
      }
    }

    assertEquals(SparkAppHandle.State.FINISHED, handle.getState(), "states seen: " + seen);
    assertTrue(seen.contains(SparkAppHandle.State.RUNNING), "states seen: " + seen);
    assertTrue(handle.getAppId() != null && handle.getAppId().contains("-F"), "app id " + handle.getAppId());
    assertEquals(expected, WordCountApp.read(output));
  }

  @Test
  void aMasterUrlThatDoesNotParseNamesTheProblem() {
    Exception e = assertThrows(Exception.class, () -> base("bad url").master("meseta://host:notaport").getOrCreate());
    String messages = messages(e);
    assertTrue(messages.contains("meseta://host:notaport") && messages.contains("port"), messages);
  }

  @Test
  void anUnreachableMasterFailsWithinTheRegistrationTimeout() {
    long start = System.nanoTime();
    Exception e = assertThrows(Exception.class, () -> base("unreachable")
        .master("meseta://127.0.0.1:" + FreePorts.next())
        .config(MesetaSettings.REGISTRATION_TIMEOUT, "3s").getOrCreate());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String messages = messages(e);
    assertTrue(messages.contains("could not register with the Meseta master"), messages);
    assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
  }

  @Test
  void anExecutorLargerThanAnyAgentFailsTheJobWithAClearError() {
    long start = System.nanoTime();
    spark = meseta("too large").config("spark.executor.memory", "8g")
        .config(MesetaSettings.UNPLACEABLE_TIMEOUT, "3s").getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Exception e = assertThrows(Exception.class, () -> jsc.parallelize(range(4), 2).count());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String messages = messages(e);
    assertTrue(messages.contains("No Meseta agent can run a Spark executor") && messages.contains("8192 MB"),
        messages);
    assertTrue(took.compareTo(Duration.ofSeconds(25)) < 0, "took " + took);
  }

  // ------------------------------------------------------------------ helpers

  static String masterUrl() {
    return "meseta://" + cluster.masterAddress();
  }

  static Path input() {
    return input;
  }

  static Map<String, Long> expected() {
    return expected;
  }

  private static SparkSession.Builder meseta(String name) {
    return base(name).master(masterUrl());
  }

  private static SparkSession.Builder base(String name) {
    return base(name, dir);
  }

  static SparkSession.Builder base(String name, Path dir) {
    SparkSession.Builder b = SparkSession.builder().appName(name);
    settings(dir).forEach(b::config);
    return b;
  }

  static Map<String, String> settings(Path dir) {
    return SparkTestSupport.settings(dir);
  }

  static Path workDir(String prefix) throws IOException {
    return SparkTestSupport.workDir(prefix);
  }

  static Set<String> executorIds(SparkSession s) {
    return Set.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(s.sparkContext().getExecutorIds()));
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }

  static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
    }
    return b.toString();
  }

  private static void writeWords(Path file, int lines) throws IOException {
    String[] words = {"meseta", "spark", "offer", "agent", "master", "executor", "task", "hdfs", "block", "rack"};
    Random random = new Random(42);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int n = 1 + random.nextInt(8);
      for (int j = 0; j < n; j++) {
        b.append(words[random.nextInt(words.length)]).append(j + 1 < n ? " " : "\n");
      }
    }
    Files.writeString(file, b, StandardCharsets.UTF_8);
  }
}
