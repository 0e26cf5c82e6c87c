package io.meseta.batch.it;

import io.meseta.core.resources.Resources;
import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.slave.Agent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-process HDFS whose three data nodes carry the names of three local agents (127.0.0.2-4,
 * one rack each), and a Meseta master with those agents: where block locations and offers agree,
 * so locality can be seen on one machine.
 */
final class BatchTestCluster implements AutoCloseable {
  static final List<AgentHost> HOSTS = AgentHost.loopback(3, 3);

  final EmbeddedHdfs hdfs;
  final LocalCluster cluster;
  final Path hadoopConf;
  final Path dir;

  private BatchTestCluster(EmbeddedHdfs hdfs, LocalCluster cluster, Path hadoopConf, Path dir) {
    this.hdfs = hdfs;
    this.cluster = cluster;
    this.hadoopConf = hadoopConf;
    this.dir = dir;
  }

  static BatchTestCluster start(Path dir, String agentResources) throws Exception {
    EmbeddedHdfs hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), AgentHost.names(HOSTS), AgentHost.racks(HOSTS));
    try {
      Path conf = hdfs.writeConfDir(dir.resolve("hadoop-conf"));
      // Offers expire, as the batch service's README section advises: a service killed while offers were on
      // their way to it never answers them, and the master does not rescind them when it registers again.
      MasterConfig master = MasterConfig.defaults(dir.resolve("master")).withPort(0)
          .withOfferTimeout(Optional.of(Duration.ofSeconds(10)));
      LocalCluster cluster = LocalCluster.builder(master, dir.resolve("cluster"))
          .agents(HOSTS.size()).agentHosts(HOSTS).agentResources(Optional.of(Resources.parse(agentResources)))
          .hadoopConfDir(conf).start();
      for (Agent a : cluster.agents()) {
        a.awaitRegistered(Duration.ofSeconds(60));
      }
      return new BatchTestCluster(hdfs, cluster, conf, dir);
    } catch (Exception | Error e) {
      hdfs.close();
      throw e;
    }
  }

  String master() {
    return cluster.masterAddress().toString();
  }

  String hdfsUri(String path) {
    return hdfs.uri() + path;
  }

  /** Writes {@code bytes} (about) of lines of words from a small vocabulary; returns each word's count. */
  Map<String, Long> writeWords(String path, long bytes, long seed) throws IOException {
    String[] vocabulary = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"};
    Random random = new Random(seed);
    Map<String, Long> counts = new TreeMap<>();
    StringBuilder sb = new StringBuilder();
    while (sb.length() < bytes) {
      int words = 1 + random.nextInt(12);
      for (int i = 0; i < words; i++) {
        String w = vocabulary[random.nextInt(vocabulary.length)];
        counts.merge(w, 1L, Long::sum);
        sb.append(w).append(i + 1 < words ? " " : "\n");
      }
    }
    try (OutputStream out = hdfs.fs().create(new org.apache.hadoop.fs.Path(path), true)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return counts;
  }

  /** The agents' work directories, where the sandboxes are. */
  List<Path> agentWorkDirs() {
    return cluster.agents().stream().map(a -> a.config().workDir()).toList();
  }

  /** The shell command that runs {@link WordCountTasks} in a task: a JVM on this test's classpath. */
  static String taskCommand(String mode) {
    return "exec \"$TEST_JAVA\" -Xmx96m -XX:TieredStopAtLevel=1 -cp \"$TEST_CP\" " + WordCountTasks.class.getName()
        + " " + mode;
  }

  /** The YAML env block that gives tasks the test JVM's java and classpath. */
  static String taskEnv() {
    return "{TEST_JAVA: '" + Path.of(System.getProperty("java.home"), "bin", "java") + "', TEST_CP: '"
        + System.getProperty("java.class.path") + "'}";
  }

  @Override
  public void close() {
    cluster.close();
    hdfs.close();
  }

  static Path tempDir(String name) throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    return Files.createTempDirectory(target, name + "-");
  }
}
