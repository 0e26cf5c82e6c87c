package io.meseta.spark.quickstart;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a text file of pseudo-random words (from a fixed seed, so the same arguments give the
 * same file) and counts its words while writing, so a Spark word count over it can be checked
 * against a direct count.
 */
public final class WordsFile {
  private static final String[] WORDS = {"meseta", "spark", "offer", "agent", "master", "executor", "task", "hdfs",
      "block", "rack", "locality", "framework", "resource", "shuffle", "driver", "sandbox", "cgroup", "queue",
      "replica", "datanode", "namenode", "split", "stage", "partition", "allocation", "fairness", "role", "quota"};

  private WordsFile() {}

  /**
   * Writes at least {@code bytes} bytes of lines of 1 to 12 words to {@code path}, with the given
   * replication and block size, replacing the file.
   *
   * @return the count of every word written
   */
  public static Map<String, Long> write(FileSystem fs, Path path, long bytes, short replication, long blockSize,
      long seed) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    Random random = new Random(seed);
    long written = 0;
    try (OutputStream raw = fs.create(path, true, 64 * 1024, replication, blockSize);
        Writer out = new OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < bytes) {
        line.setLength(0);
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
          // A skewed choice, so the top words differ clearly.
          String w = WORDS[Math.min(random.nextInt(WORDS.length), random.nextInt(WORDS.length))];
          counts.merge(w, 1L, Long::sum);
          line.append(w).append(i + 1 < n ? ' ' : '\n');
        }
        out.write(line.toString());
        written += line.length();
      }
    }
    return counts;
  }

  /**
   * A length of about {@code mb} MiB that ends half-way into a block. Hadoop's FileInputFormat gives
   * a split that spans two blocks (the last one, when the file ends just past a block boundary) the
   * datanodes' IP addresses from the topology paths instead of their host names; with named
   * datanodes on one machine that is 127.0.0.1 for all, which matches no executor. Splits of one
   * block each keep the host names.
   */
  public static long blockAligned(long mb, long blockSize) {
    return mb * 1024 * 1024 / blockSize * blockSize + blockSize / 2;
  }

  /** An order-independent checksum of word counts: equal counts give equal sums. */
  public static long checksum(Map<String, Long> counts) {
    long sum = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      sum += (long) e.getKey().hashCode() * 1_000_003L ^ e.getValue() * 0x9E3779B97F4A7C15L;
    }
    return sum;
  }
}
