package io.meseta.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The word count the integration tests run, both called directly and as a spark-submit main
 * class ({@code WordCountApp INPUT OUTPUT}: writes {@code word<TAB>count} lines, sorted).
 */
public final class WordCountApp {
  private WordCountApp() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: WordCountApp INPUT OUTPUT");
    }
    SparkSession spark = SparkSession.builder().appName("word count (spark-submit)").getOrCreate();
    try {
      Map<String, Long> counts = count(spark, args[0]);
      StringBuilder out = new StringBuilder();
      counts.forEach((w, n) -> out.append(w).append('\t').append(n).append('\n'));
      Files.writeString(Path.of(args[1]), out, StandardCharsets.UTF_8);
    } finally {
      spark.stop();
    }
  }

  /** Word counts of a text file, sorted by word. */
  public static Map<String, Long> count(SparkSession spark, String path) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, Long> counts = jsc.textFile(path, 4)
        .flatMap(line -> Arrays.asList(line.split("\\s+")).iterator())
        .filter(w -> !w.isEmpty())
        .mapToPair(w -> new Tuple2<>(w, 1L))
        .reduceByKey(Long::sum)
        .collectAsMap();
    return new TreeMap<>(counts);
  }

  /** Reads what {@link #main} wrote. */
  public static Map<String, Long> read(Path output) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      counts.put(f[0], Long.parseLong(f[1]));
    }
    return counts;
  }
}
