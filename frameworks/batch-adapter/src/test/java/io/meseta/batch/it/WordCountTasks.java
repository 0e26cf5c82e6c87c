package io.meseta.batch.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The programs the integration tests' jobs run as tasks (real JVMs started by the agents):
 * {@code count} counts the words of the lines that start in its split (as Hadoop's line reader
 * does: a split skips its first partial line and reads past its end to finish its last) and
 * writes them to {@code OUTPUT/counts/part-INDEX}; {@code merge} sums every part into
 * {@code OUTPUT/result}; {@code mark} records that it ran by creating {@code OUTPUT/runs/TASK.ATTEMPT.NANOS}.
 */
public final class WordCountTasks {
  private WordCountTasks() {}

  public static void main(String[] args) throws Exception {
    String out = System.getenv("MESETA_JOB_OUTPUT_DIR");
    FileSystem fs = FileSystem.get(URI.create(out), new Configuration());
    switch (args[0]) {
      case "count" -> count(fs, out);
      case "merge" -> merge(fs, out);
      case "mark" -> fs.create(new Path(out + "/runs/" + System.getenv("MESETA_TASK_KEY") + "."
          + System.getenv("MESETA_ATTEMPT") + "." + System.nanoTime())).close();
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void count(FileSystem fs, String out) throws IOException {
    Path file = new Path(System.getenv("MESETA_SPLIT_PATH"));
    long start = Long.parseLong(System.getenv("MESETA_SPLIT_OFFSET"));
    long end = start + Long.parseLong(System.getenv("MESETA_SPLIT_LENGTH"));
    Map<String, Long> counts = new TreeMap<>();
    try (FSDataInputStream raw = fs.open(file)) {
      raw.seek(start);
      InputStream in = new BufferedInputStream(raw, 1 << 16);
      long pos = start;
      if (start > 0) {
        pos += skipLine(in);
      }
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (pos <= end) {
        line.reset();
        long read = readLine(in, line);
        if (read == 0) {
          break;
        }
        pos += read;
        for (String w : line.toString(StandardCharsets.UTF_8).split("\\s+")) {
          if (!w.isEmpty()) {
            counts.merge(w, 1L, Long::sum);
          }
        }
      }
    }
    write(fs, new Path(out + "/counts/part-" + System.getenv("MESETA_SPLIT_INDEX")), counts);
  }

  private static long skipLine(InputStream in) throws IOException {
    long n = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      n++;
      if (b == '\n') {
        break;
      }
    }
    return n;
  }

  private static long readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
    long n = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      n++;
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    return n;
  }

  private static void merge(FileSystem fs, String out) throws IOException {
    Map<String, Long> total = new TreeMap<>();
    for (FileStatus part : fs.listStatus(new Path(out + "/counts"))) {
      total.putAll(sum(total, read(fs, part.getPath())));
    }
    write(fs, new Path(out + "/result"), total);
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> s = new TreeMap<>(a);
    b.forEach((k, v) -> s.merge(k, v, Long::sum));
    return s;
  }

  /** Reads {@code word\tcount} lines. */
  static Map<String, Long> read(FileSystem fs, Path p) throws IOException {
    Map<String, Long> m = new TreeMap<>();
    try (InputStream in = fs.open(p)) {
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isEmpty()) {
          String[] kv = l.split("\t");
          m.put(kv[0], Long.parseLong(kv[1]));
        }
      }
    }
    return m;
  }

  private static void write(FileSystem fs, Path p, Map<String, Long> counts) throws IOException {
    StringBuilder sb = new StringBuilder();
    counts.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
    try (OutputStream o = fs.create(p, true)) {
      o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
