package io.meseta.local;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.slave.AgentConfig;
import io.meseta.slave.isolation.FilesystemIsolator;
import io.meseta.slave.isolation.IsolatorSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Agent settings for agents that share one machine with their master. */
public final class AgentConfigs {
  private AgentConfigs() {}

  /**
   * An agent on loopback: any free port (Thrift and HTTP), status updates retried after 1 s
   * (nothing is far away), tasks killed when the agent stops, and the isolators this machine allows.
   */
  public static AgentConfig local(MasterAddress master, String hostname, Path workDir, Optional<Resources> resources) {
    AgentConfig.Builder b = loopback(master, hostname, workDir);
    resources.ifPresent(b::resources);
    return b.isolation(localIsolation(b.build())).build();
  }

  /**
   * The settings of {@link #local} to add to: an agent on loopback under {@code hostname}, with the
   * isolators this machine allows. Each agent has a cgroup parent of its own, derived from its work
   * directory (the default), so agents sharing the machine never destroy each other's containers.
   */
  public static AgentConfig.Builder loopback(MasterAddress master, String hostname, Path workDir) {
    return builder(master, workDir).hostname(hostname);
  }

  /** As {@link #loopback}, for an agent that binds and is named {@code host}, on its rack. */
  public static AgentConfig.Builder named(MasterAddress master, AgentHost host, Path workDir) {
    return builder(master, workDir).hostname(host.name()).bindHost(host.name())
        .attributes(Map.of("rack", host.rack()));
  }

  /**
   * The isolators of a local agent when none were asked for: those detected, without the private
   * /tmp ({@code filesystem}). Tasks of a cluster on one machine share its files: a Spark executor's
   * classpath, a test's input, a checkout that lives under /tmp. Name {@code filesystem} in the
   * isolation to have it anyway.
   */
  public static String localIsolation(AgentConfig config) {
    return String.join(",", IsolatorSet.detect(config.isolationConfig()).names().stream()
        .filter(n -> !n.equals(FilesystemIsolator.NAME)).toList());
  }

  private static AgentConfig.Builder builder(MasterAddress master, Path workDir) {
    return AgentConfig.builder(master, workDir)
        .bindHost("127.0.0.1")
        .port(0)
        .httpPort(0) // agents sharing a machine (and its tests) must not fight over 5081
        .statusUpdateRetry(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .registrationBackoffMax(Duration.ofSeconds(1))
        .killTasksOnClose(true);
  }
}
