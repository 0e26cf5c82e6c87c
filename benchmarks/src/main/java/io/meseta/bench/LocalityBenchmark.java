package io.meseta.bench;

import io.meseta.cli.run.PendingTask.Placement;
import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolver;
import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.slave.Agent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Data locality with competition: an in-process HDFS (MiniDFSCluster) whose datanodes carry the
 * host names of the agents (127.0.0.2, 127.0.0.3, ... all loopback, no hosts file), a master, and
 * two frameworks in different roles. The data framework runs jobs that arrive at a fixed interval,
 * one task per block of the job's input file; the other keeps every agent it is offered busy with
 * tasks of the same length and states no wishes. Each mode runs on the same cluster and files:
 * <ul>
 *   <li>{@code on}: the data framework tells the master where its runnable tasks' blocks are;
 *   <li>{@code off}: it states nothing, but still puts the blocks local to each offer on it first;
 *   <li>{@code blind}: it states nothing and launches blocks in order wherever offered.
 * </ul>
 * It prints, per mode, the share of node-local tasks and the scheduling delay (a task's job
 * arrival to its launch), and the median delay that waiting for locality adds ({@code on} less
 * {@code off}).
 *
 * <p>{@code bin/meseta-bench locality [--agents 3] [--racks 3] [--jobs 40] [--blocks 6]
 * [--interval-ms 1500] [--task-ms 500] [--node-wait-ms N] [--rack-wait-ms N] [--modes on,off,blind]}
 */
public final class LocalityBenchmark {
  private static final Resources TASK = Resources.cpusMem(1, 128);

  private LocalityBenchmark() {}

  public static void main(String[] args) throws Exception {
    int agents = Args.intArg(args, "--agents", 3);
    int racks = Args.intArg(args, "--racks", agents);
    int jobs = Args.intArg(args, "--jobs", 40);
    int blocks = Args.intArg(args, "--blocks", 6);
    int files = Math.min(jobs, Args.intArg(args, "--files", 10));
    long intervalMs = Args.intArg(args, "--interval-ms", 1500);
    int taskMs = Args.intArg(args, "--task-ms", 500);
    Optional<Duration> nodeWait = optionalMillis(args, "--node-wait-ms");
    Optional<Duration> rackWait = optionalMillis(args, "--rack-wait-ms");
    List<String> modes = List.of(stringArg(args, "--modes", "on,off,blind").split(","));

    List<AgentHost> hosts = AgentHost.loopback(agents, racks);
    Path dir = Files.createTempDirectory("meseta-locality-bench");
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), AgentHost.names(hosts), AgentHost.racks(hosts))) {
      List<List<Split>> inputs = writeInputs(hdfs, files, blocks);
      MasterConfig config = MasterConfig.defaults(dir.resolve("master")).withPort(0);
      try (LocalCluster cluster = LocalCluster.builder(config, dir).agents(agents).agentHosts(hosts)
          .agentResources(Optional.of(Resources.parse("cpus:2;mem:2048;disk:1000"))).start()) {
        for (Agent a : cluster.agents()) {
          a.awaitRegistered(Duration.ofSeconds(30));
        }
        System.out.printf("locality benchmark: %d agents (cpus:2;mem:2048) on %d racks, HDFS replication 2, "
            + "1 MiB blocks%n", agents, racks);
        System.out.printf("data framework: %d jobs of %d block tasks (sleep %.1f s, 1 cpu), one job every %d ms; "
            + "competitor: endless %.1f s tasks in another role, no wishes%n", jobs, blocks, taskMs / 1000.0,
            intervalMs, taskMs / 1000.0);
        System.out.printf("waits: node %s, rack %s%n", nodeWait.map(Duration::toString).orElse("master default (1s)"),
            rackWait.map(Duration::toString).orElse("master default (1s)"));
        System.out.printf("%-6s %10s %10s %10s %12s %12s %12s%n", "mode", "node-local", "rack-local",
            "elsewhere", "delay p50", "delay p90", "delay mean");
        Map<String, Double> medians = new java.util.TreeMap<>();
        for (String mode : modes) {
          DataJobs.Mode m = DataJobs.Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
          medians.put(mode, printRow(mode, runMode(cluster, m, inputs, jobs, intervalMs, taskMs, nodeWait, rackWait)));
        }
        printAddedDelay(medians);
      }
    }
  }

  /** Prints one mode's figures; returns its median delay in seconds. */
  private static double printRow(String mode, DataJobs data) {
    List<Long> delays = new ArrayList<>(data.delaysNanos());
    Collections.sort(delays);
    var t = data.tally();
    double median = quantile(delays, 0.5);
    System.out.printf("%-6s %9.1f%% %9.1f%% %9.1f%% %10.3f s %10.3f s %10.3f s%n", mode,
        pct(t.count(Placement.NODE_LOCAL), t.total()), pct(t.count(Placement.RACK_LOCAL), t.total()),
        pct(t.count(Placement.ELSEWHERE), t.total()), median, quantile(delays, 0.9),
        delays.stream().mapToLong(Long::longValue).average().orElse(0) / 1e9);
    return median;
  }

  private static void printAddedDelay(Map<String, Double> medians) {
    if (medians.containsKey("on") && medians.containsKey("off")) {
      System.out.printf("median delay added by waiting for locality (on - off): %.3f s%n",
          medians.get("on") - medians.get("off"));
    }
    if (medians.containsKey("on") && medians.containsKey("blind")) {
      System.out.printf("median delay added vs a locality-blind framework (on - blind): %.3f s%n",
          medians.get("on") - medians.get("blind"));
    }
  }

  private static DataJobs runMode(LocalCluster master, DataJobs.Mode mode, List<List<Split>> inputs, int jobs,
      long intervalMs, int taskMs, Optional<Duration> nodeWait, Optional<Duration> rackWait) throws Exception {
    String shell = "sleep " + taskMs / 1000.0;
    int blocks = inputs.get(0).size();
    Stream stream = new Stream(shell);
    FrameworkClient streamClient = framework(master, "competitor-" + mode, "etl", stream);
    DataJobs data = new DataJobs(mode, jobs * blocks, TASK, shell, nodeWait, rackWait);
    FrameworkClient dataClient = FrameworkClient.builder(master.masterAddress(),
        new FrameworkInfo("data-" + mode, "bench").setRole("analytics"), data).build();
    data.attach(dataClient);
    dataClient.start();
    dataClient.awaitRegistered(Duration.ofSeconds(30));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int j = 0; j < jobs; j++) {
        int job = j;
        timer.schedule(() -> data.arrive(mode + "-job" + job, inputs.get(job % inputs.size())),
            intervalMs * j, TimeUnit.MILLISECONDS);
      }
      if (!data.await(Duration.ofMinutes(10))) {
        throw new IllegalStateException("mode " + mode + " did not finish");
      }
    } finally {
      timer.shutdownNow();
      stream.stop();
      dataClient.stopAndTeardown();
      streamClient.stopAndTeardown();
    }
    return data;
  }

  private static FrameworkClient framework(LocalCluster master, String name, String role, Scheduler s)
      throws Exception {
    FrameworkClient c = FrameworkClient.builder(master.masterAddress(), new FrameworkInfo(name, "bench")
        .setRole(role), s).build();
    c.start();
    c.awaitRegistered(Duration.ofSeconds(30));
    return c;
  }

  /** {@code files} files of {@code blocks} blocks each, and their splits. */
  private static List<List<Split>> writeInputs(EmbeddedHdfs hdfs, int files, int blocks) throws Exception {
    List<List<Split>> out = new ArrayList<>();
    try (HadoopFileSystems fileSystems = new HadoopFileSystems(HadoopConf.of(hdfs.conf()))) {
      SplitResolver resolver = new SplitResolver(fileSystems);
      for (int f = 0; f < files; f++) {
        URI file = hdfs.writePattern("/bench/input-" + f, (long) blocks * hdfs.blockSize());
        out.add(resolver.resolve(file.toString(), SplitOptions.defaults()));
      }
    }
    return out;
  }

  private static double quantile(List<Long> sortedNanos, double q) {
    if (sortedNanos.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(sortedNanos.size() - 1, Math.round(q * (sortedNanos.size() - 1)));
    return sortedNanos.get(i) / 1e9;
  }

  private static double pct(int n, int total) {
    return total == 0 ? 0 : 100.0 * n / total;
  }

  private static Optional<Duration> optionalMillis(String[] args, String name) {
    int ms = Args.intArg(args, name, -1);
    return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** The competitor: fills every offer with tasks until stopped. */
  private static final class Stream implements Scheduler {
    private final CommandInfo command;
    private volatile boolean stopped;
    private int launched;

    Stream(String shell) {
      this.command = new CommandInfo().setShell(shell);
    }

    @Override
    public synchronized void resourceOffers(FrameworkClient client, List<Offer> offers) {
      for (Offer offer : offers) {
        Resources free = ResourceCodec.fromWire(offer.getResources());
        List<TaskInfo> tasks = new ArrayList<>();
        while (!stopped && free.contains(TASK)) {
          String id = "c-" + (++launched);
          tasks.add(new TaskInfo(id, id, offer.getAgentId(), ResourceCodec.toWire(TASK), command));
          free = free.minus(TASK);
        }
        try {
          if (tasks.isEmpty()) {
            client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(60));
          } else {
            client.accept(List.of(offer.getOfferId()), tasks, new Filters().setRefuseSeconds(0));
          }
        } catch (RuntimeException e) {
          // the benchmark is stopping this framework
        }
      }
    }

    void stop() {
      stopped = true;
    }
  }
}
