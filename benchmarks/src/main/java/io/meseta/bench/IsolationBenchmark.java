package io.meseta.bench;

import io.meseta.core.resources.Resources;
import io.meseta.slave.isolation.IsolationConfig;
import io.meseta.slave.isolation.IsolationException;
import io.meseta.slave.isolation.IsolationPlan;
import io.meseta.slave.isolation.IsolationRequest;
import io.meseta.slave.isolation.IsolatorSet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Time to launch and to destroy a trivial container ({@code true}) with each isolator set: median
 * and 90th percentile of N runs after a warm-up. "Launch" is the isolators' prepare (cgroup created
 * and limited, ...), the start ({@code setsid}, the setup shell joining the cgroup, the prefix such as
 * {@code unshare}) and the command's exit; "destroy" is {@link IsolatorSet#destroy} after it (the
 * cgroup frozen, emptied and removed). The real isolators of the agent, without the agent around
 * them. Run as root on an otherwise idle machine; sets this machine cannot run are skipped, saying why.
 *
 * <pre>bin/meseta-bench isolation [--runs 200] [--sets 'none;posix;cgroups,namespaces/pid']</pre>
 */
public final class IsolationBenchmark {
  private static final List<String> DEFAULT_SETS = List.of("none", "posix", "namespaces/pid", "filesystem",
      "cgroups", "cgroups,namespaces/pid", "cgroups,namespaces/pid,filesystem",
      "cgroups,disk/du,namespaces/pid,filesystem");
  private static final int WARM_UP = 10;
  private static final Resources TASK = Resources.parse("cpus:0.5;mem:64;disk:64");

  private IsolationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Args.intArg(args, "--runs", 200);
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
    }
    List<String> sets = DEFAULT_SETS;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--sets")) {
        sets = List.of(args[i + 1].split(";"));
      }
    }
    IsolationConfig config = IsolationConfig.DEFAULTS.withCgroupParent("meseta-bench-" + ProcessHandle.current().pid());
    Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "meseta-bench");
    System.out.printf(Locale.ROOT, "%d runs per set after %d warm-up runs; %d cores; user %s; times in ms%n", runs,
        WARM_UP, Runtime.getRuntime().availableProcessors(), System.getProperty("user.name"));
    System.out.printf(Locale.ROOT, "%-44s %15s %15s %10s%n", "isolation", "launch p50/p90", "destroy p50/p90",
        "total p50");
    try {
      for (String name : sets) {
        IsolatorSet set;
        try {
          set = name.equals("none") ? IsolatorSet.of(List.of()) : IsolatorSet.parse(name, config);
        } catch (IsolationException | IllegalArgumentException e) {
          System.out.printf(Locale.ROOT, "%-44s skipped: %s%n", name, e.getMessage());
          continue;
        }
        try (set) {
          measure(name, set, work, runs);
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void measure(String name, IsolatorSet set, Path work, int runs) throws Exception {
    double[] launch = new double[runs];
    double[] destroy = new double[runs];
    double[] total = new double[runs];
    for (int i = -WARM_UP; i < runs; i++) {
      int n = i + WARM_UP;
      Path sandbox = Files.createDirectories(work.resolve(name.replace('/', '_').replace(',', '+') + "-" + n));
      IsolationRequest request = IsolationRequest.of("bench/c" + n, sandbox, TASK);
      long t0 = System.nanoTime();
      IsolationPlan plan = set.prepare(request);
      Process p = start(plan, sandbox);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        String why = p.isAlive() ? "a timeout" : "status " + p.exitValue();
        p.destroyForcibly();
        set.destroy(request.containerId());
        throw new IllegalStateException(name + ": 'true' failed with " + why + ": "
            + Files.readString(sandbox.resolve("stderr")));
      }
      long t1 = System.nanoTime();
      set.destroy(request.containerId());
      long t2 = System.nanoTime();
      if (i >= 0) {
        launch[i] = (t1 - t0) / 1e6;
        destroy[i] = (t2 - t1) / 1e6;
        total[i] = (t2 - t0) / 1e6;
      }
      deleteTree(sandbox);
    }
    System.out.printf(Locale.ROOT, "%-44s %7.1f / %5.1f %7.1f / %5.1f %10.1f%n", name, pct(launch, 50),
        pct(launch, 90), pct(destroy, 50), pct(destroy, 90), pct(total, 50));
  }

  /** As the containerizer starts a container: setsid, the plan's setup and prefix, in the sandbox. */
  private static Process start(IsolationPlan plan, Path sandbox) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.addAll(plan.launchCommand(plan.prefixed(List.of("true"))));
    ProcessBuilder pb = new ProcessBuilder(command).directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(sandbox.resolve("stdout").toFile())
        .redirectError(sandbox.resolve("stderr").toFile());
    pb.environment().putAll(plan.environment());
    return pb.start();
  }

  /** The {@code percentile}th value (nearest rank). */
  static double pct(double[] values, int percentile) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
