package io.meseta.local;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkUrl;
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
 * Masters and agents in this JVM, talking real Thrift over loopback: for trying Meseta on one
 * machine ({@code bin/meseta local}) and for integration tests. With one master there is no
 * ZooKeeper; with several, an embedded ZooKeeper elects the leader and agents find it through
 * {@code zk://}. Every master and agent has its own work directory under the cluster's;
 * {@link #close} stops agents (killing their tasks), the masters and ZooKeeper.
 */
public final class LocalCluster implements AutoCloseable {
  private final List<MesetaMaster> masters = new ArrayList<>();
  private final List<Agent> agents = new ArrayList<>();
  private final MasterConfig masterConfig;
  private final Path workDir;
  private final Optional<Resources> agentResources;
  private final Optional<EmbeddedZooKeeper> zooKeeper;
  private final Optional<ZkUrl> zkUrl;
  private int mastersStarted;

  private LocalCluster(MasterConfig masterConfig, Path workDir, Optional<Resources> agentResources,
      Optional<EmbeddedZooKeeper> zooKeeper) {
    this.masterConfig = masterConfig;
    this.workDir = workDir;
    this.agentResources = agentResources;
    this.zooKeeper = zooKeeper;
    this.zkUrl = zooKeeper.map(zk -> ZkUrl.parse("zk://" + zk.connectString() + "/meseta"));
  }

  /**
   * Starts one master, then {@code agents} agents registered with it.
   *
   * @param masterConfig   the master's settings (its work dir is replaced by {@code workDir/master})
   * @param agentResources resources every agent offers (empty: detect this machine's)
   * @throws MesetaMaster.MasterStartException if the master cannot start (e.g. its port is taken)
   */
  public static LocalCluster start(MasterConfig masterConfig, int agents, Path workDir,
      Optional<Resources> agentResources) throws Exception {
    return start(masterConfig, 1, agents, workDir, agentResources);
  }

  /**
   * Starts {@code masters} masters (more than one: an embedded ZooKeeper first, and the masters
   * elect a leader; the first takes {@code masterConfig}'s port, the others free ports), then
   * {@code agents} agents.
   */
  public static LocalCluster start(MasterConfig masterConfig, int masters, int agents, Path workDir,
      Optional<Resources> agentResources) throws Exception {
    if (masters < 1) {
      throw new IllegalArgumentException("--masters must be at least 1, got " + masters);
    }
    if (agents < 0) {
      throw new IllegalArgumentException("--agents must not be negative, got " + agents);
    }
    Optional<EmbeddedZooKeeper> zk = masters > 1
        ? Optional.of(EmbeddedZooKeeper.start("127.0.0.1", 0, workDir.resolve("zookeeper")))
        : Optional.empty();
    LocalCluster cluster = new LocalCluster(masterConfig, workDir, agentResources, zk);
    try {
      for (int i = 0; i < masters; i++) {
        cluster.addMaster();
      }
      for (int i = 0; i < agents; i++) {
        cluster.addAgent();
      }
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts one more master (with ZooKeeper: a standby until elected). */
  public synchronized MesetaMaster addMaster() throws Exception {
    int n = ++mastersStarted;
    MasterConfig c = masterConfig.withWorkDir(workDir.resolve(zkUrl.isPresent() ? "master-" + n : "master"));
    if (zkUrl.isPresent()) {
      c = c.withZk(zkUrl.get());
      if (n > 1) {
        c = c.withPort(0);
      }
    }
    MesetaMaster master = MesetaMaster.start(c);
    masters.add(master);
    return master;
  }

  /** Starts one more agent, registered with this cluster's (leading) master. */
  public synchronized Agent addAgent() throws Exception {
    int n = agents.size() + 1;
    AgentConfig config = AgentConfigs.local(masterAddress(), masterConfig.advertisedHost(),
        workDir.resolve("agent-" + n), agentResources);
    Agent agent = Agent.start(config);
    agents.add(agent);
    return agent;
  }

  /** Where agents and frameworks find the master: the one master, or {@code zk://} with several. */
  public MasterAddress masterAddress() {
    if (zkUrl.isPresent()) {
      return new MasterAddress.ZooKeeper(zkUrl.get());
    }
    return new MasterAddress.Fixed(address(masters.get(0)));
  }

  /** The address of one master's Thrift port. */
  public static HostPort address(MesetaMaster master) {
    return new HostPort(master.config().advertisedHost(), master.port());
  }

  /** The only master, or with several the one leading now. */
  public synchronized MesetaMaster master() {
    if (masters.size() == 1) {
      return masters.get(0);
    }
    return masters.stream().filter(MesetaMaster::isLeader).findFirst()
        .orElseThrow(() -> new IllegalStateException("no master is leading right now"));
  }

  public synchronized List<MesetaMaster> masters() {
    return Collections.unmodifiableList(new ArrayList<>(masters));
  }

  /** Stops one master (the others elect a new leader) and forgets it. */
  public synchronized void stopMaster(MesetaMaster master) {
    if (masters.remove(master)) {
      master.close();
    }
  }

  public synchronized List<Agent> agents() {
    return Collections.unmodifiableList(new ArrayList<>(agents));
  }

  public Optional<ZkUrl> zooKeeper() {
    return zkUrl;
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
    masters.forEach(MesetaMaster::close);
    masters.clear();
    zooKeeper.ifPresent(EmbeddedZooKeeper::close);
  }
}
