package io.meseta.spark.bench;

import io.meseta.spark.quickstart.SparkQuickstart;
import io.meseta.spark.quickstart.WordsFile;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One measured run in its own JVM: creates the SparkSession (master, executors, cores and memory
 * from the arguments), waits for every executor to register (the start-up time), then runs the
 * job: a word count plus a groupBy of line lengths by first word, both over the input. Prints
 * {@code RESULT startupMs jobMs checksum} for {@link SparkVsLocalCluster}.
 *
 * <p>Arguments: {@code MASTER INPUT EXECUTORS CORES MEMORY_MB LOCAL_DIR}.
 */
public final class BenchJob {
  private BenchJob() {}

  public static void main(String[] args) throws Exception {
    String master = args[0];
    String input = args[1];
    int executors = Integer.parseInt(args[2]);
    int cores = Integer.parseInt(args[3]);
    int memoryMb = Integer.parseInt(args[4]);
    SparkSession spark = SparkSession.builder().appName("bench " + master).master(master)
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.local.dir", args[5]).config("spark.ui.enabled", "false")
        .config("spark.executor.instances", Integer.toString(executors))
        .config("spark.executor.cores", Integer.toString(cores))
        .config("spark.executor.memory", memoryMb + "m")
        .config("spark.cores.max", Integer.toString(executors * cores))
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s")
        .getOrCreate();
    try {
      SparkContext sc = spark.sparkContext();
      while (sc.getExecutorIds().size() < executors) {
        Thread.sleep(20);
      }
      // From the SparkContext's start to the last executor's registration, as Spark recorded them.
      long lastAdded = 0;
      for (ExecutorSummary e : CollectionConverters.asJava(sc.statusStore().executorList(true))) {
        if (!e.id().equals("driver")) {
          lastAdded = Math.max(lastAdded, e.addTime().getTime());
        }
      }
      long startup = (lastAdded - sc.startTime()) * 1_000_000;
      long jobStart = System.nanoTime();
      long checksum = run(JavaSparkContext.fromSparkContext(sc), input);
      long job = System.nanoTime() - jobStart;
      System.out.printf("RESULT %d %d %d%n", startup / 1_000_000, job / 1_000_000, checksum);
    } finally {
      spark.stop();
    }
  }

  /** The job: word counts, and total line length per first word; a checksum of both results. */
  static long run(JavaSparkContext jsc, String input) {
    Map<String, Long> words = SparkQuickstart.count(jsc, input);
    JavaRDD<String> lines = jsc.textFile(input);
    Map<String, Long> byFirstWord = new TreeMap<>(lines
        .mapToPair(l -> new Tuple2<>(l.split(" ", 2)[0], (long) l.length()))
        .groupByKey()
        .mapValues(it -> {
          long sum = 0;
          for (Long n : it) {
            sum += n;
          }
          return sum;
        })
        .collectAsMap());
    return WordsFile.checksum(words) * 31 + WordsFile.checksum(byFirstWord);
  }
}
