package io.meseta.slave.task;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.meseta.slave.containerizer.Container;
import io.meseta.slave.containerizer.Containerizer;
import io.meseta.slave.isolation.ContainerUsage;
import io.meseta.slave.status.TaskKey;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The usage of each running task's container as gauges in the agent's registry, named
 * {@code containers.<framework>/<task>.<what>}: {@code cpu_seconds}, {@code memory_bytes},
 * {@code memory_limit_bytes} (-1 without a limit) and {@code processes}. All four come from one
 * sample taken at most once a second; a container its isolators do not measure reads -1.
 */
final class UsageGauges {
  static final String PREFIX = "containers";
  private static final long SAMPLE_SECONDS = 1;

  private final MetricRegistry metrics;
  private final Containerizer containerizer;

  UsageGauges(MetricRegistry metrics, Containerizer containerizer) {
    this.metrics = metrics;
    this.containerizer = containerizer;
  }

  static String name(TaskKey key, String what) {
    return MetricRegistry.name(PREFIX, key.toString(), what);
  }

  void register(TaskKey key, Container container) {
    remove(key);
    CachedGauge<Optional<ContainerUsage>> sample = new CachedGauge<>(SAMPLE_SECONDS, TimeUnit.SECONDS) {
      @Override
      protected Optional<ContainerUsage> loadValue() {
        return containerizer.usage(container);
      }
    };
    metrics.register(name(key, "cpu_seconds"),
        (Gauge<Double>) () -> sample.getValue().map(u -> u.cpuTime().toNanos() / 1e9).orElse(-1.0));
    metrics.register(name(key, "memory_bytes"),
        (Gauge<Long>) () -> sample.getValue().map(ContainerUsage::memoryBytes).orElse(-1L));
    metrics.register(name(key, "memory_limit_bytes"),
        (Gauge<Long>) () -> sample.getValue().map(u -> u.memoryLimitBytes().orElse(-1)).orElse(-1L));
    metrics.register(name(key, "processes"),
        (Gauge<Integer>) () -> sample.getValue().map(ContainerUsage::processes).orElse(-1));
  }

  void remove(TaskKey key) {
    String prefix = MetricRegistry.name(PREFIX, key.toString()) + ".";
    metrics.removeMatching((name, metric) -> name.startsWith(prefix));
  }
}
