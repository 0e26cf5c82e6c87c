package io.meseta.local;

import io.meseta.core.resources.Resources;
import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import io.meseta.protocol.transport.HostPort;
import io.meseta.slave.Agent;
import io.meseta.slave.AgentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A master and N agents in this JVM, talking real Thrift over loopback: for trying Meseta on one
 * machine ({@code bin/meseta local}) and for integration tests. Every agent has its own work
 * directory under the cluster's; {@link #close} stops agents (killing their tasks) and the master.
 */
public final class LocalCluster implements AutoCloseable {
  private final MesetaMaster master;
  private final List<Agent> agents = new ArrayList<>();
  private final Path workDir;
  private final Optional<Resources> agentResources;
  private final String hostname;

  private LocalCluster(MesetaMaster master, Path workDir, Optional<Resources> agentResources, String hostname) {
    this.master = master;
    this.workDir = workDir;
    this.agentResources = agentResources;
    this.hostname = hostname;
  }

  /**
   * Starts the master, then {@code agents} agents registered with it.
   *
   * @param masterConfig   the master's settings (its work dir is replaced by {@code workDir/master})
   * @param agentResources resources every agent offers (empty: detect this machine's)
   * @throws MesetaMaster.MasterStartException if the master cannot start (e.g. its port is taken)
   */
  public static LocalCluster start(MasterConfig masterConfig, int agents, Path workDir,
      Optional<Resources> agentResources) throws Exception {
    if (agents < 0) {
      throw new IllegalArgumentException("--agents must not be negative, got " + agents);
    }
    MasterConfig mc = new MasterConfig(masterConfig.bindHost(), masterConfig.port(), masterConfig.advertisedHost(),
        workDir.resolve("master"), masterConfig.allocationInterval(), masterConfig.agentPingInterval(),
        masterConfig.maxMissedPings(), masterConfig.frameworkTimeout(), masterConfig.offerTimeout(),
        masterConfig.defaultRefuse(), masterConfig.allocator());
    LocalCluster cluster = new LocalCluster(MesetaMaster.start(mc), workDir, agentResources,
        masterConfig.advertisedHost());
    try {
      for (int i = 0; i < agents; i++) {
        cluster.addAgent();
      }
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts one more agent, registered with this cluster's master. */
  public synchronized Agent addAgent() throws Exception {
    int n = agents.size() + 1;
    AgentConfig config = AgentConfigs.local(masterAddress(), hostname, workDir.resolve("agent-" + n), agentResources);
    Agent agent = Agent.start(config);
    agents.add(agent);
    return agent;
  }

  public HostPort masterAddress() {
    return new HostPort(master.config().advertisedHost(), master.port());
  }

  public MesetaMaster master() {
    return master;
  }

  public synchronized List<Agent> agents() {
    return Collections.unmodifiableList(new ArrayList<>(agents));
  }

  @Override
  public synchronized void close() {
    for (Agent a : agents) {
      try {
        a.close();
      } catch (RuntimeException e) {
        // keep stopping the rest
      }
    }
    agents.clear();
    master.close();
  }
}
