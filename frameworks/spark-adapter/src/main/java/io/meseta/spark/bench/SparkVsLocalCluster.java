package io.meseta.spark.bench;

import io.meseta.core.resources.Resources;
import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.slave.Agent;
import io.meseta.spark.quickstart.WordsFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * {@code bin/meseta-bench spark}: the same Spark job (a word count plus a groupBy over an HDFS
 * file of some hundreds of MB) on Meseta and on Spark's own {@code local-cluster[N,C,M]} (a
 * standalone master and N workers), with the same executors, cores and memory, in one run. Both
 * read the file from one embedded HDFS whose datanodes carry the Meseta agents' names. Each
 * driver runs in a fresh JVM ({@link BenchJob}); prints the executor start-up times, the job wall
 * times and their ratio (Meseta / local-cluster).
 */
public final class SparkVsLocalCluster {
  private static final String USAGE = "usage: bin/meseta-bench spark [--executors 2] [--cores 1] [--memory-mb 768]"
      + " [--size-mb 256] [--runs 1] [--work-dir DIR]";

  /** 32 MiB blocks: several input tasks per executor. */
  private static final long BLOCK = 32L * 1024 * 1024;

  private SparkVsLocalCluster() {}

  private record Run(long startupMs, long jobMs, long checksum) {}

  public static void main(String[] args) throws Exception {
    int executors = 2;
    int cores = 1;
    int memoryMb = 768;
    int sizeMb = 256;
    int runs = 1;
    Path work = Path.of("target", "spark-bench");
    for (int i = 0; i + 1 < args.length || (i < args.length && fail("missing value after " + args[i])); i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--executors" -> executors = Integer.parseInt(v);
        case "--cores" -> cores = Integer.parseInt(v);
        case "--memory-mb" -> memoryMb = Integer.parseInt(v);
        case "--size-mb" -> sizeMb = Integer.parseInt(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--work-dir" -> work = Path.of(v);
        default -> fail("unknown option " + args[i]);
      }
    }
    if (executors < 1 || cores < 1 || memoryMb < 256 || sizeMb < 1 || runs < 1) {
      fail("--executors, --cores, --runs and --size-mb must be at least 1, --memory-mb at least 256");
    }
    Path dir = Files.createTempDirectory(Files.createDirectories(work.toAbsolutePath()), "run-");
    List<AgentHost> hosts = AgentHost.loopback(executors, 1);
    String agentResources = "cpus:" + cores + ";mem:" + (memoryMb + 384) + ";disk:10000";
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), AgentHost.names(hosts), AgentHost.racks(hosts));
        LocalCluster cluster = LocalCluster.builder(MasterConfig.defaults(dir.resolve("cluster")).withPort(0),
            dir.resolve("cluster")).agents(executors).agentHosts(hosts)
            .agentResources(Optional.of(Resources.parse(agentResources))).start()) {
      for (Agent a : cluster.agents()) {
        a.awaitRegistered(Duration.ofSeconds(60));
      }
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/bench/words.txt");
      long t = System.nanoTime();
      WordsFile.write(hdfs.fs(), file, WordsFile.blockAligned(sizeMb, BLOCK),
          (short) Math.min(2, executors), BLOCK, 11);
      String input = hdfs.fs().makeQualified(file).toString();
      System.out.printf("wrote %d MB to %s in %.1f s; agents %s, each %s%n", sizeMb, input,
          (System.nanoTime() - t) / 1e9, AgentHost.names(hosts), agentResources);
      Path home = sparkHome(dir.resolve("spark-home"));
      String localCluster = "local-cluster[" + executors + "," + cores + "," + memoryMb + "]";
      List<Run> meseta = new ArrayList<>();
      List<Run> spark = new ArrayList<>();
      for (int r = 0; r < runs; r++) { // alternating, so both see the same load on average
        meseta.add(child(dir, "meseta://" + cluster.masterAddress(), input, executors, cores, memoryMb,
            Optional.empty()));
        spark.add(child(dir, localCluster, input, executors, cores, memoryMb, Optional.of(home)));
      }
      System.out.printf("%nSpark job: word count + groupBy over %d MB in HDFS; %d executors x %d cores x %d MB;"
          + " %d run(s) each, means%n", sizeMb, executors, cores, memoryMb, runs);
      System.out.printf("%-30s %16s %12s   %s%n", "", "executors up", "job wall", "runs (start-up/job ms)");
      print("Meseta", meseta);
      print("Spark " + localCluster, spark);
      boolean equal = meseta.stream().allMatch(m -> m.checksum() == spark.get(0).checksum())
          && spark.stream().allMatch(m -> m.checksum() == spark.get(0).checksum());
      System.out.printf("ratio Meseta / local-cluster: job wall %.2f, executor start-up %.2f; results %s%n",
          mean(meseta, Run::jobMs) / mean(spark, Run::jobMs), mean(meseta, Run::startupMs)
              / mean(spark, Run::startupMs), equal ? "equal" : "DIFFERENT");
    }
  }

  private static void print(String name, List<Run> runs) {
    System.out.printf("%-30s %13.0f ms %9.0f ms   %s%n", name, mean(runs, Run::startupMs), mean(runs, Run::jobMs),
        runs.stream().map(r -> r.startupMs() + "/" + r.jobMs()).toList());
  }

  private static double mean(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
    return runs.stream().mapToLong(f).average().orElse(0);
  }

  /** Runs {@link BenchJob} in a new JVM with Spark's module options; SPARK_HOME set for local-cluster. */
  private static Run child(Path dir, String master, String input, int executors, int cores, int memoryMb,
      Optional<Path> sparkHome) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), BenchJob.class.getName(), master,
        input, Integer.toString(executors), Integer.toString(cores), Integer.toString(memoryMb),
        Files.createDirectories(dir.resolve("local-" + (sparkHome.isPresent() ? "spark" : "meseta"))).toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("driver-" + (sparkHome.isPresent()
        ? "local-cluster" : "meseta") + ".log").toFile());
    sparkHome.ifPresent(h -> pb.environment().put("SPARK_HOME", h.toString()));
    System.out.println("running on " + master + " ...");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || !out.contains("RESULT ")) {
      throw new IllegalStateException("the driver on " + master + " failed; see " + pb.redirectError().file());
    }
    String[] f = out.substring(out.indexOf("RESULT ")).trim().split("\\s+");
    return new Run(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
  }

  /**
   * A SPARK_HOME for Spark's standalone workers: {@code jars/} links every jar of this JVM's
   * classpath (the build's Spark and what the job needs); {@code launcher/target/scala-2.13} lets
   * Spark's command builder find its Scala version.
   */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("launcher").resolve("target").resolve("scala-2.13"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
      }
    }
    return home;
  }

  private static boolean fail(String problem) {
    System.err.println("spark benchmark: " + problem);
    System.err.println(USAGE);
    System.exit(2);
    return false;
  }
}
