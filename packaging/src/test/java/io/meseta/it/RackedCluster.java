package io.meseta.it;

import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.local.AgentHost;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import io.meseta.slave.Agent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A master and three agents in this JVM named 127.0.0.2, 127.0.0.3 and 127.0.0.4 on racks
 * /rack-1 to /rack-3: the names {@link LoopbackHdfs}'s datanodes report, so block locations and
 * offers agree.
 */
final class RackedCluster implements AutoCloseable {
  static final List<AgentHost> AGENTS = AgentHost.loopback(3, 3);
  static final List<String> HOSTS = AgentHost.names(AGENTS);
  static final List<String> RACKS = AgentHost.racks(AGENTS);

  private final LocalCluster cluster;
  private final Path dir;

  private RackedCluster(LocalCluster cluster, Path dir) {
    this.cluster = cluster;
    this.dir = dir;
  }

  /** Starts the master and the three agents, each offering {@code agentResources}, and waits for them. */
  static RackedCluster start(Path dir, String agentResources) throws Exception {
    MasterConfig config = MasterConfig.defaults(dir).withPort(0).withPings(Duration.ofMillis(300), 5)
        .withAllocator(AllocatorConfig.DEFAULT);
    RackedCluster c = new RackedCluster(LocalCluster.builder(config, dir).agents(AGENTS.size()).agentHosts(AGENTS)
        .agentResources(Optional.of(Resources.parse(agentResources))).start(), dir);
    try {
      for (Agent a : c.cluster.agents()) {
        a.awaitRegistered(Duration.ofSeconds(30));
      }
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  MasterAddress masterAddress() {
    return cluster.masterAddress();
  }

  MesetaMaster master() {
    return cluster.master();
  }

  /** The work directory of agent {@code i} (0-based), as {@link LocalCluster} names it. */
  Path agentDir(int i) {
    return dir.resolve("agent-" + (i + 1));
  }

  @Override
  public void close() {
    cluster.close();
  }
}
