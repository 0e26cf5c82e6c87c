package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.cli.Main;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolver;
import io.meseta.it.Scripts.Result;
import io.meseta.testing.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDFS side of the command line against the in-process HDFS: {@code bin/meseta run --input}
 * as a real process on a master and agents named like the datanodes, and {@code meseta hdfs}
 * (Hadoop's shell) in this JVM.
 */
@ExtendWith(LoopbackHdfs.Extension.class)
class HdfsCliIT {
  private static final Pattern SUMMARY =
      Pattern.compile("locality: (\\d+) node-local, (\\d+) rack-local, (\\d+) elsewhere \\(of (\\d+) launched\\)");
  private static final Pattern SPLIT_LINE = Pattern.compile("split (\\S+) (\\d+) (\\d+)");

  @TempDir
  static java.nio.file.Path dir;

  private static LoopbackHdfs hdfs;
  private static RackedCluster cluster;
  private static java.nio.file.Path confDir;

  @BeforeAll
  static void start(LoopbackHdfs loopbackHdfs) throws Exception {
    hdfs = loopbackHdfs;
    confDir = hdfs.writeConfDir(dir.resolve("hadoop-conf"));
    cluster = RackedCluster.start(dir.resolve("cluster"), "cpus:2;mem:1024;disk:1000");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Two inputs (a 5.5-block file by full URI, a small file on fs.defaultFS from --hadoop-conf-dir)
   * give 7 tasks; each finds its split in its environment (it echoes it to its sandbox's stdout),
   * and the summary's node-local count is what the sandboxes' hosts say.
   */
  @Test
  void runGivesEachTaskItsSplitAndSaysWhereTheTasksRan() throws Exception {
    Path in = hdfs.dir("cli-run");
    URI big = hdfs.write(new Path(in, "big.dat"), 5 * LoopbackHdfs.BLOCK_SIZE + LoopbackHdfs.BLOCK_SIZE / 2);
    URI small = hdfs.write(new Path(in, "small.dat"), 1000);
    List<Split> expected;
    try (HadoopFileSystems fs = new HadoopFileSystems(HadoopConf.of(hdfs.conf()))) {
      expected = new SplitResolver(fs).resolve(List.of(big.toString(), small.toString()), SplitOptions.defaults());
    }
    assertEquals(7, expected.size());

    Result run;
    try (Scripts scripts = new Scripts(dir)) {
      run = scripts.run("run", "--master", cluster.masterAddress().toString(), "--name", "splits",
          "--cpus", "1", "--mem", "64", "--hadoop-conf-dir", confDir.toString(),
          "--input", big.toString(), "--input", "hdfs://" + small.getPath(),
          "--", "echo split $MESETA_SPLIT_PATH $MESETA_SPLIT_OFFSET $MESETA_SPLIT_LENGTH");
    }
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.out().contains("7 input splits") && run.out().contains("7 of 7 tasks finished"), run.describe());
    Matcher summary = SUMMARY.matcher(run.out());
    assertTrue(summary.find(), run.describe());
    System.out.println("bin/meseta run printed: " + summary.group());

    Set<String> seen = new TreeSet<>();
    int nodeLocal = 0;
    for (int i = 0; i < RackedCluster.HOSTS.size(); i++) {
      String host = RackedCluster.HOSTS.get(i);
      for (String line : stdoutLines(cluster.agentDir(i), "splits-")) {
        Matcher m = SPLIT_LINE.matcher(line);
        assertTrue(m.matches(), line);
        Split split = expected.stream().filter(s -> s.path().toString().equals(m.group(1))
            && s.offset() == Long.parseLong(m.group(2))).findFirst().orElseThrow(() -> new AssertionError(line));
        assertEquals(split.length(), Long.parseLong(m.group(3)), line);
        assertTrue(seen.add(m.group(1) + "@" + m.group(2)), "one task per split: " + line);
        nodeLocal += split.hosts().contains(host) ? 1 : 0;
      }
    }
    assertEquals(7, seen.size(), "every split reached a task: " + seen);
    assertEquals(nodeLocal, Integer.parseInt(summary.group(1)), run.describe());
    assertEquals(7, Integer.parseInt(summary.group(1)) + Integer.parseInt(summary.group(2))
        + Integer.parseInt(summary.group(3)), run.describe());
    assertEquals("7", summary.group(4));
  }

  @Test
  void runRejectsAMissingInputAndReportsAnUnreachableNameNode() throws Exception {
    try (Scripts scripts = new Scripts(dir)) {
      String missing = hdfs.uri() + "/tests/cli-run/no-such-file";
      Result bad = scripts.run("run", "--master", cluster.masterAddress().toString(), "--input", missing, "--", "true");
      assertEquals(2, bad.code(), bad.describe());
      assertTrue(bad.err().contains(missing), bad.describe());

      String nameNode = "127.0.0.1:" + FreePorts.next();
      Result down = scripts.run("run", "--master", cluster.masterAddress().toString(),
          "--input", "hdfs://" + nameNode + "/data", "--", "true");
      assertEquals(1, down.code(), down.describe());
      assertTrue(down.err().contains(nameNode), down.describe());

      Result both = scripts.run("run", "--master", cluster.masterAddress().toString(), "--instances", "2",
          "--input", missing, "--", "true");
      assertEquals(2, both.code(), both.describe());
    }
  }

  /** {@code meseta hdfs} in this JVM: -put by full URI, then -ls and -cat through --conf-dir. */
  @Test
  void hdfsRunsHadoopsShellAndPassesItsExitCodeOn() throws Exception {
    hdfs.dir("cli-shell");
    java.nio.file.Path local = Files.writeString(dir.resolve("hello.txt"), "hello from meseta\n");
    assertEquals(0, meseta("hdfs", "-put", local.toString(), hdfs.uri() + "/tests/cli-shell/hello.txt").code);
    assertTrue(hdfs.fs().exists(new Path("/tests/cli-shell/hello.txt")));

    Captured ls = meseta("hdfs", "--conf-dir", confDir.toString(), "-ls", "/tests/cli-shell");
    assertEquals(0, ls.code, ls.err);
    assertTrue(ls.out.contains("/tests/cli-shell/hello.txt"), ls.out);
    Captured cat = meseta("hdfs", "--conf-dir", confDir.toString(), "-cat", "/tests/cli-shell/hello.txt");
    assertEquals("hello from meseta\n", cat.out);

    Captured missing = meseta("hdfs", "--conf-dir", confDir.toString(), "-ls", "/tests/cli-shell/nothing");
    assertEquals(1, missing.code);
    assertTrue(missing.err.contains("/tests/cli-shell/nothing"), missing.err);
    assertEquals(2, meseta("hdfs", "--conf-dir", dir.resolve("no-such-dir").toString(), "-ls", "/").code);
  }

  private record Captured(int code, String out, String err) {}

  /** Runs the command line in this JVM, capturing what it prints (the shell prints to System.out/err). */
  private static synchronized Captured meseta(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.commandLine().execute(args);
      return new Captured(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The stdout lines of the agent's sandboxes of tasks whose id starts with {@code prefix}. */
  private static List<String> stdoutLines(java.nio.file.Path agentDir, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    java.nio.file.Path sandboxes = agentDir.resolve("sandboxes");
    if (!Files.isDirectory(sandboxes)) {
      return lines;
    }
    try (Stream<java.nio.file.Path> files = Files.walk(sandboxes)) {
      for (java.nio.file.Path f : files.filter(p -> p.getFileName().toString().equals("stdout")
          && p.getParent().getFileName().toString().startsWith(prefix)).toList()) {
        lines.addAll(Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList());
      }
    }
    return lines;
  }
}
