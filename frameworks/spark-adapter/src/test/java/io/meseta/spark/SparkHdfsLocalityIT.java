package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.slave.Agent;
import io.meseta.spark.quickstart.LocalityTally;
import io.meseta.spark.quickstart.WordsFile;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkSubmit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark over HDFS on Meseta, with locality: three agents named 127.0.0.2-4 on racks /rack-1,
 * /rack-2, /rack-1, and a MiniDFSCluster whose datanodes carry the same names, so block locations
 * name agents. Executors are started with {@code --hostname} = their agent's name; tasks that read
 * a block on an executor's host run NODE_LOCAL.
 */
class SparkHdfsLocalityIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final long MIB = 1024 * 1024;

  private static Path dir;
  private static List<AgentHost> hosts;
  private static EmbeddedHdfs hdfs;
  private static LocalCluster cluster;
  private static String words;
  private static Map<String, Long> wordCounts;

  private SparkSession spark;
  private final Properties before = (Properties) System.getProperties().clone();

  @BeforeAll
  static void start() throws Exception {
    dir = SparkOnMesetaIT.workDir("spark-hdfs-");
    hosts = AgentHost.loopback(3, 2);
    hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), AgentHost.names(hosts), AgentHost.racks(hosts));
    cluster = LocalCluster.builder(MasterConfig.defaults(dir.resolve("cluster")).withPort(0), dir.resolve("cluster"))
        .agents(3).agentHosts(hosts).agentResources(Optional.of(Resources.parse("cpus:2;mem:2048;disk:4000")))
        .hadoopConfDir(hdfs.writeConfDir(dir.resolve("hadoop-conf"))).start();
    for (Agent a : cluster.agents()) {
      a.awaitRegistered(WAIT);
    }
    // 6.5 MiB in 1 MiB blocks, two replicas each: seven splits of one block each.
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/data/words.txt");
    wordCounts = WordsFile.write(hdfs.fs(), p, WordsFile.blockAligned(6, MIB), (short) 2, MIB, 42);
    words = hdfs.fs().makeQualified(p).toString();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @AfterEach
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
    // SparkSubmit copies the application's conf into system properties: put them back.
    System.getProperties().keySet().removeIf(k -> !before.containsKey(k));
  }

  @Test
  void wordCountSubmittedWithSparkSubmitEqualsLocalModeAndReadsItsBlocksNodeLocal() throws Exception {
    Map<String, Long> local;
    SparkSession l = SparkOnMesetaIT.base("word count (local)", dir).master("local[2]").getOrCreate();
    try {
      local = WordCountApp.count(l, words);
    } finally {
      l.stop();
    }
    assertEquals(wordCounts, local);
    Path events = java.nio.file.Files.createDirectories(dir.resolve("events-submit"));
    Path output = dir.resolve("counts.tsv");
    List<String> args = new ArrayList<>(List.of("--master", "spark+meseta://" + cluster.masterAddress(),
        "--deploy-mode", "client", "--class", WordCountApp.class.getName(), "--name", "hdfs word count"));
    Map<String, String> conf = new java.util.HashMap<>(SparkOnMesetaIT.settings(dir));
    conf.put("spark.executor.instances", "3");
    // A loaded 2-core machine must not push tasks to ANY: wait for all executors, then for local slots.
    conf.put("spark.locality.wait", "120s");
    conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    conf.put("spark.eventLog.enabled", "true");
    conf.put("spark.eventLog.dir", events.toUri().toString());
    conf.put("spark.eventLog.compress", "false");
    conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(List.of(SparkSubmitIT.applicationJar(dir.resolve("wordcount.jar")).toString(), words,
        output.toString()));

    SparkSubmit.main(args.toArray(String[]::new));

    assertEquals(local, WordCountApp.read(output));
    EventLog log = EventLog.read(events);
    // Executors report their agents' names, which are the datanodes' names.
    assertEquals(new TreeSet<>(AgentHost.names(hosts)), new TreeSet<>(log.executorHosts().values()));
    Map<String, Integer> input = log.localityByStage().get(0); // the stage that reads the file
    assertEquals(7, input.values().stream().mapToInt(Integer::intValue).sum(), "input tasks: " + input);
    assertTrue(LocalityTally.share(input, "NODE_LOCAL") >= 0.9, "input tasks by locality: " + input
        + "; all stages: " + log.localityByStage());
  }

  @Test
  void executorsSpreadOverRacksAndTasksAwayFromTheirHostsRunRackLocal() throws Exception {
    // One replica per block, on every host; two executors, one per rack: blocks on the third host
    // have an executor on their rack only.
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/data/single-replica.txt");
    Map<String, Long> expected = null;
    for (long seed = 1; seed < 10 && !blocksOnEveryHost(p); seed++) {
      expected = WordsFile.write(hdfs.fs(), p, WordsFile.blockAligned(6, MIB), (short) 1, MIB, seed);
    }
    assertTrue(blocksOnEveryHost(p), "no placement with a block on every host");
    LocalityTally tally = new LocalityTally();
    spark = SparkOnMesetaIT.base("racks", dir).master("meseta://" + cluster.masterAddress())
        .config("spark.locality.wait.node", "1s")
        .config("spark.locality.wait.rack", "60s").getOrCreate();
    spark.sparkContext().addSparkListener(tally);
    Await.until("two executors", WAIT, () -> SparkOnMesetaIT.executorIds(spark).size() >= 2);

    Map<String, Long> counts = WordCountApp.count(spark, hdfs.fs().makeQualified(p).toString());

    assertEquals(expected, counts);
    Set<String> racks = new HashSet<>();
    executorHosts().forEach(h -> racks.add(rackOf(h)));
    assertEquals(Set.of("/rack-1", "/rack-2"), racks, "executor hosts: " + executorHosts());
    Map<String, Integer> input = tally.stage(firstStage(tally));
    assertEquals(Map.of(), without(input, "NODE_LOCAL", "RACK_LOCAL"), "input tasks: " + input);
    assertTrue(input.getOrDefault("RACK_LOCAL", 0) > 0, "input tasks: " + input);
  }

  @Test
  void dynamicAllocationScalesUpForAWideStageAndReleasesIdleExecutors() throws Exception {
    Set<String> added = ConcurrentHashMap.newKeySet();
    spark = SparkOnMesetaIT.base("dynamic allocation", dir).master("meseta://" + cluster.masterAddress())
        .config("spark.dynamicAllocation.enabled", "true")
        .config("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        .config("spark.dynamicAllocation.minExecutors", "0")
        .config("spark.dynamicAllocation.initialExecutors", "0")
        .config("spark.executor.instances", "0")
        .config("spark.dynamicAllocation.maxExecutors", "3")
        .config("spark.dynamicAllocation.schedulerBacklogTimeout", "1s")
        .config("spark.dynamicAllocation.sustainedSchedulerBacklogTimeout", "1s")
        .config("spark.dynamicAllocation.executorIdleTimeout", "2s")
        .config("spark.locality.wait", "30s")
        .getOrCreate();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onExecutorAdded(SparkListenerExecutorAdded e) {
        added.add(e.executorId());
      }
    });
    assertEquals(Set.of(), SparkOnMesetaIT.executorIds(spark));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

    // Six input tasks (one per block) that take a while: a backlog that asks for more executors.
    long lines = jsc.textFile(words).mapPartitions(it -> {
      Thread.sleep(3000);
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return List.of(n).iterator();
    }).reduce(Long::sum);

    assertTrue(lines > 0);
    assertTrue(added.size() >= 2, "executors added during the stage: " + added);
    String appId = spark.sparkContext().applicationId();
    Await.until("idle executors released", WAIT, () -> SparkOnMesetaIT.executorIds(spark).isEmpty());
    Await.until("executor processes gone", WAIT, () -> {
      try {
        return ExecutorProcesses.of(appId).isEmpty();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void withLocalityPathsAFixedExecutorGoesToTheHostHoldingTheData() throws Exception {
    // One block, one replica, not on 127.0.0.2: the host the planner picks first when nothing is preferred.
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/data/one-block.txt");
    Set<String> holders = Set.of();
    for (long seed = 1; seed < 30 && (holders.isEmpty() || holders.contains("127.0.0.2")); seed++) {
      WordsFile.write(hdfs.fs(), p, MIB / 2, (short) 1, MIB, seed);
      holders = blockHosts(p);
    }
    assertEquals(1, holders.size(), "hosts of " + p + ": " + holders);
    assertFalse(holders.contains("127.0.0.2"), "hosts of " + p + ": " + holders);
    spark = SparkOnMesetaIT.base("locality paths", dir).master("meseta://" + cluster.masterAddress())
        .config("spark.executor.instances", "1")
        .config(MesetaSettings.LOCALITY_PATHS, hdfs.fs().makeQualified(p).toString()).getOrCreate();
    Await.until("one executor", WAIT, () -> SparkOnMesetaIT.executorIds(spark).size() == 1);

    assertEquals(holders, Set.copyOf(executorHosts()));
  }

  @Test
  void aLocalityPathThatDoesNotExistIsNamedInTheError() {
    Exception e = assertThrows(Exception.class, () -> SparkOnMesetaIT.base("missing path", dir)
        .master("meseta://" + cluster.masterAddress())
        .config(MesetaSettings.LOCALITY_PATHS, hdfs.uri() + "/no/such/file").getOrCreate());
    String messages = SparkOnMesetaIT.messages(e);
    assertTrue(messages.contains(MesetaSettings.LOCALITY_PATHS) && messages.contains("/no/such/file"), messages);
  }

  // ------------------------------------------------------------------ helpers

  private List<String> executorHosts() {
    List<String> out = new ArrayList<>();
    for (org.apache.spark.SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
      if (!e.host().equals(spark.conf().get("spark.driver.host"))) {
        out.add(e.host());
      }
    }
    return out;
  }

  private static Set<String> blockHosts(org.apache.hadoop.fs.Path p) throws Exception {
    FileStatus st = hdfs.fs().getFileStatus(p);
    Set<String> seen = new TreeSet<>();
    for (BlockLocation b : hdfs.fs().getFileBlockLocations(st, 0, st.getLen())) {
      seen.addAll(List.of(b.getHosts()));
    }
    return seen;
  }

  private static boolean blocksOnEveryHost(org.apache.hadoop.fs.Path p) throws Exception {
    if (!hdfs.fs().exists(p)) {
      return false;
    }
    return blockHosts(p).containsAll(AgentHost.names(hosts));
  }

  private static String rackOf(String host) {
    return hosts.stream().filter(h -> h.name().equals(host)).findFirst().orElseThrow().rack();
  }

  private static int firstStage(LocalityTally tally) {
    for (int s = 0; s < 100; s++) {
      if (!tally.stage(s).isEmpty()) {
        return s;
      }
    }
    throw new IllegalStateException("no stage ran: " + tally.all());
  }

  private static Map<String, Integer> without(Map<String, Integer> counts, String... levels) {
    Map<String, Integer> out = new java.util.TreeMap<>(counts);
    for (String l : levels) {
      out.remove(l);
    }
    return out;
  }
}
