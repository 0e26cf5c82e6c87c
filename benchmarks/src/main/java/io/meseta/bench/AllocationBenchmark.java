package io.meseta.bench;

import io.meseta.core.allocation.Allocation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code HierarchicalDrfAllocator.allocate()} on a simulated cluster: the first cycle
 * (every agent free) in a cold JVM and again after a warm-up run, then steady-state cycles in
 * which about a tenth of the agents' allocations come back between cycles. A benchmark, not a
 * test: it prints figures and asserts nothing.
 *
 * <p>Usage: {@code java -cp benchmarks/target/classes:core/target/classes io.meseta.bench.AllocationBenchmark
 * [--agents N] [--frameworks N] [--roles N] [--cycles N] [--warmup N] [--recover F] [--decline F] [--seed N]}
 */
public final class AllocationBenchmark {
  private AllocationBenchmark() {}

  /** Command-line settings. */
  record Options(int agents, int frameworks, int roles, int cycles, int warmup, double recover, double decline,
      long seed) {
    static Options parse(String[] args) {
      int agents = 10_000;
      int frameworks = 100;
      int roles = 5;
      int cycles = 50;
      int warmup = 20;
      double recover = 0.10;
      double decline = 0.20;
      long seed = 42;
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        String v = args[i + 1];
        switch (args[i]) {
          case "--agents" -> agents = Integer.parseInt(v);
          case "--frameworks" -> frameworks = Integer.parseInt(v);
          case "--roles" -> roles = Integer.parseInt(v);
          case "--cycles" -> cycles = Integer.parseInt(v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--recover" -> recover = Double.parseDouble(v);
          case "--decline" -> decline = Double.parseDouble(v);
          case "--seed" -> seed = Long.parseLong(v);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (agents < 1 || frameworks < 1 || roles < 1 || cycles < 1 || warmup < 0) {
        throw new IllegalArgumentException("--agents, --frameworks, --roles and --cycles must be at least 1");
      }
      return new Options(agents, frameworks, roles, cycles, warmup, recover, decline, seed);
    }

    ClusterSimulation newCluster() {
      return new ClusterSimulation(agents, frameworks, roles, recover, decline, seed);
    }
  }

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf(Locale.ROOT, "agents=%d frameworks=%d roles=%d cycles=%d warmup=%d recover=%.2f decline=%.2f"
        + " seed=%d java=%s cpus=%d%n", o.agents, o.frameworks, o.roles, o.cycles, o.warmup, o.recover, o.decline,
        o.seed, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

    ClusterSimulation cold = o.newCluster();
    long t0 = System.nanoTime();
    List<Allocation> first = cold.allocate();
    double coldMs = (System.nanoTime() - t0) / 1e6;
    System.out.printf(Locale.ROOT, "first cycle, cold JVM:    %8.2f ms (%d allocations)%n", coldMs, first.size());

    cold.respond(first);
    for (int i = 0; i < o.warmup; i++) {
      cold.churn();
      cold.respond(cold.allocate());
    }

    ClusterSimulation warm = o.newCluster();
    t0 = System.nanoTime();
    first = warm.allocate();
    double warmMs = (System.nanoTime() - t0) / 1e6;
    System.out.printf(Locale.ROOT, "first cycle, after warm-up: %6.2f ms (%d allocations)%n", warmMs, first.size());
    warm.respond(first);
    steadyState(warm, o);
  }

  private static void steadyState(ClusterSimulation sim, Options o) {
    for (int i = 0; i < o.warmup; i++) {
      sim.churn();
      sim.respond(sim.allocate());
    }
    double[] ms = new double[o.cycles];
    long offers = 0;
    for (int i = 0; i < o.cycles; i++) {
      sim.churn();
      long t0 = System.nanoTime();
      List<Allocation> allocations = sim.allocate();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      offers += allocations.size();
      sim.respond(allocations);
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "steady state over %d cycles (%.0f allocations per cycle on average):%n",
        o.cycles, offers / (double) o.cycles);
    System.out.printf(Locale.ROOT, "  median %6.2f ms   p99 %6.2f ms   max %6.2f ms%n",
        percentile(ms, 0.50), percentile(ms, 0.99), ms[ms.length - 1]);
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
