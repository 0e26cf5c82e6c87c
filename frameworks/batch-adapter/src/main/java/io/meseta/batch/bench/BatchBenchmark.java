package io.meseta.batch.bench;

import io.meseta.batch.client.BatchClient;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.framework.FrameworkCounters;
import io.meseta.batch.framework.LocalityOptions;
import io.meseta.batch.service.JobService;
import io.meseta.batch.service.ServiceConfig;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.core.resources.Resources;
import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.slave.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The batch adapter end to end: an in-process HDFS whose data nodes carry the names of local agents
 * (127.0.0.2, ... on loopback), a master and agents, and the job service, to which it submits a
 * per-block job over one multi-block file, {@code --runs} times with locality wishes and then as many
 * without ({@code --no-locality} mode). Each task sleeps {@code --task-ms}. Per run it prints the
 * tasks per second (tasks / (job end - submission)), the median and 90th percentile of the time from
 * the job's submission to each task reporting RUNNING (and the median to its launch), and the share of node-local tasks.
 *
 * <p>{@code java -cp ... io.meseta.batch.bench.BatchBenchmark [--agents 4] [--racks 2] [--blocks 32]
 * [--task-ms 500] [--task-cpus 0.5] [--agent-cpus 4] [--runs 3] [--modes locality,none]
 * [--node-wait-ms N] [--rack-wait-ms N]} (waits: the master's delay scheduling, default its own 1 s each)
 */
public final class BatchBenchmark {
  private BatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int agents = intArg(args, "--agents", 4);
    int racks = intArg(args, "--racks", 2);
    int blocks = intArg(args, "--blocks", 32);
    int taskMs = intArg(args, "--task-ms", 500);
    double taskCpus = Double.parseDouble(arg(args, "--task-cpus", "0.5"));
    int agentCpus = intArg(args, "--agent-cpus", 4);
    int runs = intArg(args, "--runs", 3);
    List<String> modes = List.of(arg(args, "--modes", "locality,none").split(","));
    Optional<Duration> nodeWait = waitArg(args, "--node-wait-ms");
    Optional<Duration> rackWait = waitArg(args, "--rack-wait-ms");

    Path dir = Files.createTempDirectory("meseta-batch-bench-");
    List<AgentHost> hosts = AgentHost.loopback(agents, racks);
    System.out.printf("batch benchmark: %d agents (%d cpus each) on %d racks, a %d-block file (1 MiB blocks, "
        + "replication 2), one task per block sleeping %d ms with %.2f cpus, %d runs per mode%n", agents, agentCpus,
        racks, blocks, taskMs, taskCpus, runs);
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), AgentHost.names(hosts), AgentHost.racks(hosts))) {
      hdfs.writePattern("/bench/input", blocks * hdfs.blockSize());
      Path conf = hdfs.writeConfDir(dir.resolve("hadoop-conf"));
      try (LocalCluster cluster = LocalCluster.builder(MasterConfig.defaults(dir.resolve("master")).withPort(0),
              dir.resolve("cluster")).agents(agents).agentHosts(hosts)
          .agentResources(Optional.of(Resources.parse("cpus:" + agentCpus + ";mem:8192;disk:1000")))
          .hadoopConfDir(conf).start()) {
        for (Agent a : cluster.agents()) {
          a.awaitRegistered(Duration.ofSeconds(60));
        }
        for (String mode : modes) {
          LocalityOptions locality = mode.equals("none") ? LocalityOptions.NONE
              : new LocalityOptions(true, nodeWait, rackWait);
          try (JobService service = JobService.start(ServiceConfig.defaults(cluster.masterAddress().toString(),
              dir.resolve("state-" + mode)).withPort(0).withHadoopConfDir(Optional.of(conf)).withLocality(locality))) {
            BatchClient client = BatchClient.connect("127.0.0.1:" + service.address().getPort());
            String spec = """
                name: bench
                stages:
                  - name: blocks
                    forEach: {input: %s}
                    task: {command: 'sleep %s', resources: {cpus: %s, mem: 32}}
                """.formatted(hdfs.uri() + "/bench/input", taskMs / 1000.0, taskCpus);
            for (int run = 1; run <= runs; run++) {
              FrameworkCounters before = service.framework().counters();
              String job = client.submit(spec, Format.YAML);
              JobStatus end = client.await(job, Duration.ofMillis(20), s -> { });
              report(mode, run, end);
              System.out.println("    framework: " + service.framework().counters().since(before));
            }
          }
        }
      }
    }
  }

  private static void report(String mode, int run, JobStatus end) {
    List<Long> toStart = new ArrayList<>();
    List<Long> toLaunch = new ArrayList<>();
    for (TaskRecord t : end.tasks()) {
      toStart.add(t.startedAt() - end.submittedAt());
      toLaunch.add(t.launchedAt() - end.submittedAt());
    }
    Collections.sort(toStart);
    Collections.sort(toLaunch);
    double seconds = (end.endedAt() - end.submittedAt()) / 1000.0;
    System.out.printf(Locale.ROOT, "mode %-8s run %d: %s, %d tasks in %.2f s = %.1f tasks/s; submission to start "
            + "median %d ms, p90 %d ms (to launch: median %d ms); node-local %d/%d (%.0f%%), rack-local %d, elsewhere %d%n", mode, run,
        end.phase(), end.tasks().size(), seconds, end.tasks().size() / seconds, percentile(toStart, 50),
        percentile(toStart, 90), percentile(toLaunch, 50), end.locality().nodeLocal(), end.locality().total(),
        100.0 * end.locality().nodeLocal() / Math.max(1, end.locality().total()), end.locality().rackLocal(),
        end.locality().elsewhere());
  }

  private static Optional<Duration> waitArg(String[] args, String name) {
    String v = arg(args, name, "");
    return v.isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis(intArg(args, name, 0)));
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static int intArg(String[] args, String name, int fallback) {
    String v = arg(args, name, Integer.toString(fallback));
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }
}
