package io.meseta.spark.quickstart;

import io.meseta.core.resources.Resources;
import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.slave.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code bin/meseta spark-quickstart}: Spark on Meseta next to HDFS, on one machine. Starts a
 * local cluster whose agents are named 127.0.0.2, 127.0.0.3, ... (on racks), an embedded HDFS
 * whose datanodes carry the same names, writes a text file of a few MB to it (1 MiB blocks, two
 * replicas), runs a Spark word count through Meseta, and prints the top words, whether the counts
 * equal a direct count, and the share of tasks that ran NODE_LOCAL.
 */
public final class SparkQuickstart {
  private static final String USAGE = "usage: bin/meseta spark-quickstart [--agents 3] [--racks 2] [--size-mb 8]"
      + " [--work-dir DIR]\n  each run gets a new directory under DIR (default: TMPDIR/meseta-spark-quickstart) holding its"
      + " HDFS, master, agents and their sandboxes";

  private SparkQuickstart() {}

  public static void main(String[] args) throws Exception {
    int agents = 3;
    int racks = 2;
    int sizeMb = 8;
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "meseta-spark-quickstart");
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--agents" -> agents = number(args[i], v, 1, 20);
        case "--racks" -> racks = number(args[i], v, 1, 20);
        case "--size-mb" -> sizeMb = number(args[i], v, 1, 2048);
        case "--work-dir" -> work = Path.of(require(args[i], v));
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> usage("unknown option " + args[i]);
      }
      i++;
    }
    System.exit(run(agents, racks, sizeMb, work.toAbsolutePath()));
  }

  static int run(int agents, int racks, int sizeMb, Path work) throws Exception {
    Files.createDirectories(work);
    Path dir = Files.createTempDirectory(work, "run-");
    List<AgentHost> hosts = AgentHost.loopback(agents, Math.min(racks, agents));
    say("starting an embedded HDFS with datanodes " + AgentHost.names(hosts) + " and a Meseta cluster of "
        + agents + " agents with the same names, under " + dir);
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), AgentHost.names(hosts), AgentHost.racks(hosts));
        LocalCluster cluster = LocalCluster.builder(MasterConfig.defaults(dir.resolve("cluster")).withPort(0),
            dir.resolve("cluster")).agents(agents).agentHosts(hosts)
            .agentResources(Optional.of(Resources.parse("cpus:2;mem:2048;disk:4000")))
            .hadoopConfDir(hdfs.writeConfDir(dir.resolve("hadoop-conf"))).start()) {
      for (Agent a : cluster.agents()) {
        a.awaitRegistered(Duration.ofSeconds(60));
      }
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/quickstart/words.txt");
      Map<String, Long> direct = WordsFile.write(hdfs.fs(), file, WordsFile.blockAligned(sizeMb, hdfs.blockSize()),
          (short) Math.min(2, agents), hdfs.blockSize(), 7);
      String input = hdfs.fs().makeQualified(file).toString();
      say("wrote " + sizeMb + " MB of words to " + input + " (1 MiB blocks, "
          + Math.min(2, agents) + " replicas)");
      String master = "meseta://" + cluster.masterAddress();
      say("running a Spark word count on " + master + " with " + agents + " executors");
      SparkSession spark = SparkSession.builder().appName("meseta quickstart word count").master(master)
          .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.local.dir", dir.resolve("spark-local").toString())
          .config("spark.executor.instances", Integer.toString(agents)).config("spark.executor.memory", "512m")
          .config("spark.ui.enabled", "false").config("spark.locality.wait", "60s")
          .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
          .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s").getOrCreate();
      LocalityTally tally = new LocalityTally();
      Map<String, Long> counts;
      long took;
      try {
        spark.sparkContext().addSparkListener(tally);
        long start = System.nanoTime();
        counts = count(JavaSparkContext.fromSparkContext(spark.sparkContext()), input);
        took = (System.nanoTime() - start) / 1_000_000;
      } finally {
        spark.stop();
      }
      return report(counts, direct, tally, took);
    }
  }

  /** Word counts of a text file, sorted by word. */
  public static Map<String, Long> count(JavaSparkContext jsc, String path) {
    return new TreeMap<>(jsc.textFile(path)
        .flatMap(line -> Arrays.asList(line.split("\\s+")).iterator())
        .filter(w -> !w.isEmpty())
        .mapToPair(w -> new Tuple2<>(w, 1L))
        .reduceByKey(Long::sum)
        .collectAsMap());
  }

  private static int report(Map<String, Long> counts, Map<String, Long> direct, LocalityTally tally, long tookMs) {
    System.out.println();
    System.out.println("top words:");
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(
        Map.Entry.comparingByKey())).limit(10).forEach(e -> System.out.printf("  %-12s %,d%n", e.getKey(), e.getValue()));
    long words = counts.values().stream().mapToLong(Long::longValue).sum();
    boolean same = counts.equals(direct);
    System.out.printf("words: %,d (%d distinct) in %,d ms%n", words, counts.size(), tookMs);
    System.out.printf("checksum: spark %016x, direct count %016x: %s%n", WordsFile.checksum(counts),
        WordsFile.checksum(direct), same ? "equal" : "DIFFERENT");
    Map<String, Integer> input = tally.stage(0);
    System.out.printf("tasks reading HDFS: %s, NODE_LOCAL %.0f %%%n", input, 100 * LocalityTally.share(input,
        "NODE_LOCAL"));
    System.out.printf("all tasks: %s, NODE_LOCAL %.0f %%%n", tally.all(), 100 * LocalityTally.share(tally.all(),
        "NODE_LOCAL"));
    return same ? 0 : 1;
  }

  private static void say(String s) {
    System.out.println("quickstart: " + s);
  }

  private static int number(String opt, String v, int min, int max) {
    try {
      int n = Integer.parseInt(require(opt, v));
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    usage(opt + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    return 0;
  }

  private static String require(String opt, String v) {
    if (v == null) {
      usage(opt + " needs a value");
    }
    return v;
  }

  private static void usage(String problem) {
    System.err.println("spark-quickstart: " + problem);
    System.err.println(USAGE);
    System.exit(2);
  }
}
