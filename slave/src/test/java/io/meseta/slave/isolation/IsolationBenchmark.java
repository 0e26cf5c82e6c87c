package io.meseta.slave.isolation;

import io.meseta.core.resources.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Time to launch and to destroy a trivial container ({@code true}) with each isolator set: median
 * and 90th percentile of N runs after a warm-up. "Launch" is prepare, start ({@code setsid}, the setup
 * shell, the prefix) and the command's exit; "destroy" is {@link Isolator#destroy} after it. A
 * benchmark, not a test: run it on purpose, as root, on an otherwise idle machine.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q -pl slave install -DskipTests
 * java -cp "slave/target/classes:slave/target/test-classes:$(cat /tmp/cp.txt)" \
 *     io.meseta.slave.isolation.IsolationBenchmark [runs] [set;set;...]
 * </pre>
 *
 * where {@code /tmp/cp.txt} comes from {@code mvn -o -q -pl slave dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}.
 */
public final class IsolationBenchmark {
  private static final List<String> DEFAULT_SETS = List.of("none", "posix", "namespaces/pid", "filesystem",
      "cgroups", "cgroups,namespaces/pid", "cgroups,namespaces/pid,filesystem", "cgroups,disk/du,namespaces/pid,filesystem");
  private static final int WARM_UP = 10;

  private IsolationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    List<String> sets = args.length > 1 ? List.of(args[1].split(";")) : DEFAULT_SETS;
    IsolationConfig config = IsolationConfig.DEFAULTS.withCgroupParent("meseta-bench-" + ProcessHandle.current().pid());
    Path work = Files.createTempDirectory(Path.of("/var/tmp"), "meseta-bench");
    System.out.printf(Locale.ROOT, "%d runs per set after %d warm-up runs; %d cores; times in ms%n", runs, WARM_UP,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-44s %14s %14s %14s%n", "isolation", "launch p50/p90", "destroy p50/p90",
        "total p50");
    for (String name : sets) {
      IsolatorSet set;
      try {
        set = name.equals("none") ? IsolatorSet.of(List.of()) : IsolatorSet.parse(name, config);
      } catch (IsolationException e) {
        System.out.printf(Locale.ROOT, "%-44s skipped: %s%n", name, e.getMessage());
        continue;
      }
      try {
        measure(name, set, work, runs);
      } finally {
        for (Isolator i : set.isolators()) {
          if (i instanceof CgroupsIsolator c) {
            for (Path dir : c.layout().parentDirs()) {
              Files.deleteIfExists(dir);
            }
          }
        }
      }
    }
    Files.deleteIfExists(work);
  }

  private static void measure(String name, IsolatorSet set, Path work, int runs) throws Exception {
    double[] launch = new double[runs];
    double[] destroy = new double[runs];
    double[] total = new double[runs];
    for (int i = -WARM_UP; i < runs; i++) {
      Path sandbox = Files.createDirectories(work.resolve(name.replace('/', '_').replace(',', '+') + "-" + (i + WARM_UP)));
      IsolationRequest request = IsolationRequest.of("bench/c" + (i + WARM_UP), sandbox,
          Resources.parse("cpus:0.5;mem:64;disk:64"));
      long t0 = System.nanoTime();
      IsolationPlan plan = set.prepare(request);
      Process p = start(plan, sandbox);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(name + ": 'true' failed with " + (p.isAlive() ? "a timeout" : p.exitValue())
            + ": " + Files.readString(sandbox.resolve("stderr")));
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
    System.out.printf(Locale.ROOT, "%-44s %6.1f / %5.1f %6.1f / %5.1f %14.1f%n", name, pct(launch, 50),
        pct(launch, 90), pct(destroy, 50), pct(destroy, 90), pct(total, 50));
  }

  private static Process start(IsolationPlan plan, Path sandbox) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.addAll(plan.launchCommand(plan.prefixed(List.of("true"))));
    ProcessBuilder pb = new ProcessBuilder(command).directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(sandbox.resolve("stdout").toFile())
        .redirectError(sandbox.resolve("stderr").toFile());
    pb.environment().putAll(plan.environment());
    return pb.start();
  }

  private static double pct(double[] values, int percentile) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
