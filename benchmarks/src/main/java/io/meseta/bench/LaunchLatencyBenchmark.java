package io.meseta.bench;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Time from accept to RUNNING for a trivial command task ({@code true}) on loopback: a master and
 * one agent in this JVM, a framework on the real client library, one task at a time so nothing
 * queues. Prints the median and tail over the measured tasks (after a warm-up).
 *
 * <p>{@code bin/meseta-bench launch [--tasks 300] [--warmup 30]}
 */
public final class LaunchLatencyBenchmark implements Scheduler {
  private final int total;
  private final Deque<Offer> held = new ArrayDeque<>();
  private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch done = new CountDownLatch(1);
  private long acceptedAt;
  private int launched;
  private boolean inFlight;

  private LaunchLatencyBenchmark(int total) {
    this.total = total;
  }

  public static void main(String[] args) throws Exception {
    int tasks = Args.intArg(args, "--tasks", 300);
    int warmup = Args.intArg(args, "--warmup", 30);
    Path dir = Files.createTempDirectory("meseta-launch-bench");
    MasterConfig config = MasterConfig.defaults(dir).withPort(0);
    try (LocalCluster cluster = LocalCluster.start(config, 1, dir,
        Optional.of(Resources.parse("cpus:4;mem:4096;disk:1000")))) {
      LaunchLatencyBenchmark bench = new LaunchLatencyBenchmark(tasks + warmup);
      FrameworkClient client = FrameworkClient.builder(cluster.masterAddress().toString(),
          new FrameworkInfo("launch-bench", "bench"), bench).build();
      client.start();
      if (!bench.done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("benchmark did not finish");
      }
      client.stopAndTeardown();
      List<Long> measured = new ArrayList<>(bench.latenciesNanos.subList(warmup, warmup + tasks));
      Collections.sort(measured);
      System.out.printf("launch latency, accept -> RUNNING, trivial command task ('true'), 1 agent on loopback%n");
      System.out.printf("tasks=%d warmup=%d java=%s cpus=%d%n", tasks, warmup, System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
      System.out.printf("  min %.2f ms   median %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n",
          ms(measured, 0.0), ms(measured, 0.5), ms(measured, 0.9), ms(measured, 0.99), ms(measured, 1.0));
    }
  }

  private static double ms(List<Long> sorted, double q) {
    int i = (int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)));
    return sorted.get(i) / 1e6;
  }


  @Override
  public void resourceOffers(FrameworkClient client, List<Offer> offers) {
    held.addAll(offers);
    launchNext(client);
  }

  private void launchNext(FrameworkClient client) {
    if (inFlight || launched >= total || held.isEmpty()) {
      return;
    }
    Offer offer = held.poll();
    Resources per = Resources.cpusMem(0.1, 32);
    String id = "t" + (++launched);
    TaskInfo task = new TaskInfo(id, id, offer.getAgentId(), ResourceCodec.toWire(per),
        new CommandInfo().setShell("true"));
    inFlight = true;
    acceptedAt = System.nanoTime();
    client.accept(List.of(offer.getOfferId()), List.of(task), null);
  }

  @Override
  public void offerRescinded(FrameworkClient client, String offerId) {
    held.removeIf(o -> o.getOfferId().equals(offerId));
  }

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    if (status.getState() == TaskState.RUNNING) {
      latenciesNanos.add(System.nanoTime() - acceptedAt);
    } else if (status.getState() == TaskState.FINISHED || status.getState() == TaskState.FAILED
        || status.getState() == TaskState.LOST) {
      inFlight = false;
      if (latenciesNanos.size() >= total) {
        done.countDown();
      } else {
        launchNext(client);
      }
    }
  }
}
