package io.meseta.bench;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.discovery.LeaderInfo;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkSettings;
import io.meseta.discovery.ZkUrl;
import io.meseta.local.AgentConfigs;
import io.meseta.local.EmbeddedZooKeeper;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.slave.Agent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;

/**
 * Failover time: three real {@code bin/meseta master --zk} processes and a real ZooKeeper, three
 * agents and a framework in this JVM. Each run SIGKILLs the leading master and measures the time
 * until the framework holds offers from the new leader for every agent (so every agent has
 * re-registered with it). The killed master is restarted as a standby before the next run.
 * Default settings throughout (ZooKeeper session timeout 4 s).
 *
 * <p>{@code bin/meseta-bench failover [--runs 5]}
 */
public final class FailoverBenchmark implements Scheduler {
  private static final int AGENTS = 3;
  private final Map<String, Set<String>> agentsOfferedByMaster = new HashMap<>();
  private final Map<String, Long> completeAtNanos = new HashMap<>();

  public static void main(String[] args) throws Exception {
    int runs = Args.intArg(args, "--runs", 5);
    Path home = Path.of(System.getProperty("meseta.home", ".")).toAbsolutePath();
    Path dir = Files.createTempDirectory("meseta-failover-bench");
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zookeeper"))) {
      ZkUrl url = ZkUrl.parse("zk://" + zk.connectString() + "/meseta");
      Map<Integer, Process> masters = new HashMap<>();
      int[] ports = new int[3];
      for (int i = 0; i < 3; i++) {
        ports[i] = freePort();
        masters.put(ports[i], startMaster(home, url, ports[i], dir.resolve("master-" + i)));
      }
      List<Agent> agents = new ArrayList<>();
      FailoverBenchmark bench = new FailoverBenchmark();
      FrameworkClient client = null;
      try (CuratorFramework curator = ZkSettings.DEFAULT.newClient(url)) {
        curator.start();
        for (int i = 0; i < AGENTS; i++) {
          agents.add(Agent.start(AgentConfigs.local(new MasterAddress.ZooKeeper(url), "localhost",
              dir.resolve("agent-" + i), Optional.of(Resources.parse("cpus:2;mem:1024;disk:1000")))));
        }
        client = FrameworkClient.builder(new MasterAddress.ZooKeeper(url),
            new FrameworkInfo("failover-bench", "bench"), bench).failoverTimeout(Duration.ofMinutes(10)).build();
        client.start();
        Set<String> seen = new HashSet<>();
        String leaderId = bench.awaitComplete(seen, Duration.ofMinutes(2));
        seen.add(leaderId);
        List<Double> seconds = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
          LeaderInfo leader = LeaderInfo.fromBytes(curator.getData().forPath(url.leaderPath()));
          Process victim = masters.get(leader.port());
          long killedAt = System.nanoTime();
          victim.destroyForcibly();
          victim.waitFor();
          String next = bench.awaitComplete(seen, Duration.ofMinutes(2));
          seen.add(next);
          double s = (bench.completedAt(next) - killedAt) / 1e9;
          seconds.add(s);
          System.out.printf("run %d: leader %s killed, %s offering every agent after %.2f s%n", run, leaderId, next, s);
          leaderId = next;
          int port = leader.port();
          masters.put(port, startMaster(home, url, port, dir.resolve("master-restarted-" + run)));
        }
        List<Double> sorted = new ArrayList<>(seconds);
        sorted.sort(null);
        System.out.printf("failover, SIGKILL of the leader to offers from the new leader for all %d agents, "
            + "%d runs: median %.2f s, min %.2f s, max %.2f s (java %s, %d cpus)%n", AGENTS, runs,
            sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      } finally {
        if (client != null) {
          client.stop();
        }
        agents.forEach(Agent::close);
        masters.values().forEach(Process::destroyForcibly);
      }
    }
  }

  private static Process startMaster(Path home, ZkUrl url, int port, Path workDir) throws Exception {
    Files.createDirectories(workDir);
    return new ProcessBuilder(home.resolve("bin/meseta").toString(), "master", "--zk", url.toString(), "--port",
        Integer.toString(port), "--hostname", "localhost", "--work-dir", workDir.toString())
        .redirectOutput(workDir.resolve("out.log").toFile()).redirectError(workDir.resolve("err.log").toFile())
        .start();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until a master not in {@code seen} has offered every agent; returns its id. */
  private synchronized String awaitComplete(Set<String> seen, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String master : completeAtNanos.keySet()) {
        if (!seen.contains(master)) {
          return master;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no new leader offered every agent within " + timeout);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private synchronized long completedAt(String master) {
    return completeAtNanos.get(master);
  }

  /** Holds every offer (the agents' resources stay offered) and notes when a master has offered all agents. */
  @Override
  public synchronized void resourceOffers(FrameworkClient client, List<Offer> offers) {
    long now = System.nanoTime();
    for (Offer o : offers) {
      String master = o.getOfferId().substring(0, o.getOfferId().lastIndexOf("-O"));
      Set<String> agents = agentsOfferedByMaster.computeIfAbsent(master, m -> new HashSet<>());
      agents.add(o.getAgentId());
      if (agents.size() == AGENTS) {
        completeAtNanos.putIfAbsent(master, now);
      }
    }
    notifyAll();
  }
}
