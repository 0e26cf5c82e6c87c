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
  private final Optional<String> isolation;
  /** What {@link AgentConfigs#localIsolation} found, detected once for all agents; null before. */
  private String detectedIsolation;
  private final Optional<Path> hadoopConfDir;
  private final List<AgentHost> agentHosts;
  private final Optional<EmbeddedZooKeeper> zooKeeper;
  private final Optional<ZkUrl> zkUrl;
  private int mastersStarted;

  private LocalCluster(Builder b, Optional<EmbeddedZooKeeper> zooKeeper) {
    this.masterConfig = b.masterConfig;
    this.workDir = b.workDir;
    this.agentResources = b.agentResources;
    this.isolation = b.isolation;
    this.hadoopConfDir = b.hadoopConfDir;
    this.agentHosts = b.agentHosts;
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
    return builder(masterConfig, workDir).agents(agents).agentResources(agentResources).start();
  }

  /**
   * Starts {@code masters} masters (more than one: an embedded ZooKeeper first, and the masters
   * elect a leader; the first takes {@code masterConfig}'s port, the others free ports), then
   * {@code agents} agents.
   */
  public static LocalCluster start(MasterConfig masterConfig, int masters, int agents, Path workDir,
      Optional<Resources> agentResources) throws Exception {
    return builder(masterConfig, workDir).masters(masters).agents(agents).agentResources(agentResources).start();
  }

  /** A cluster to start: one master and no agents unless told otherwise. */
  public static Builder builder(MasterConfig masterConfig, Path workDir) {
    return new Builder(masterConfig, workDir);
  }

  /** What a local cluster is made of. */
  public static final class Builder {
    private final MasterConfig masterConfig;
    private final Path workDir;
    private int masters = 1;
    private int agents;
    private Optional<Resources> agentResources = Optional.empty();
    private Optional<String> isolation = Optional.empty();
    private Optional<Path> hadoopConfDir = Optional.empty();
    private List<AgentHost> agentHosts = List.of();

    private Builder(MasterConfig masterConfig, Path workDir) {
      this.masterConfig = masterConfig;
      this.workDir = workDir;
    }

    public Builder masters(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("--masters must be at least 1, got " + n);
      }
      this.masters = n;
      return this;
    }

    public Builder agents(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("--agents must not be negative, got " + n);
      }
      this.agents = n;
      return this;
    }

    /** Resources every agent offers (empty: detect this machine's). */
    public Builder agentResources(Optional<Resources> resources) {
      this.agentResources = resources;
      return this;
    }

    /**
     * The isolators of every agent, comma-separated (default: those detected, without the private
     * /tmp: see {@link AgentConfigs#localIsolation}).
     */
    public Builder isolation(String isolators) {
      this.isolation = Optional.of(isolators);
      return this;
    }

    /** The Hadoop client configuration agents fetch {@code hdfs://} URIs with. */
    public Builder hadoopConfDir(Path dir) {
      this.hadoopConfDir = Optional.of(dir);
      return this;
    }

    /**
     * Names, bind addresses and racks of the agents, in order (see {@link AgentHost#loopback});
     * agents beyond the list bind 127.0.0.1 under the master's host name, on no rack.
     */
    public Builder agentHosts(List<AgentHost> hosts) {
      this.agentHosts = List.copyOf(hosts);
      return this;
    }

    /**
     * Starts ZooKeeper if there is more than one master, the masters, then the agents, and waits
     * for nothing: {@link Agent#awaitRegistered} tells when an agent is in.
     */
    public LocalCluster start() throws Exception {
      Optional<EmbeddedZooKeeper> zk = masters > 1
          ? Optional.of(EmbeddedZooKeeper.start("127.0.0.1", 0, workDir.resolve("zookeeper")))
          : Optional.empty();
      LocalCluster cluster = new LocalCluster(this, zk);
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
    Path dir = workDir.resolve("agent-" + n);
    AgentConfig.Builder config = n <= agentHosts.size()
        ? AgentConfigs.named(masterAddress(), agentHosts.get(n - 1), dir)
        : AgentConfigs.loopback(masterAddress(), masterConfig.advertisedHost(), dir);
    agentResources.ifPresent(config::resources);
    hadoopConfDir.ifPresent(config::hadoopConfDir);
    if (isolation.isEmpty() && detectedIsolation == null) {
      detectedIsolation = AgentConfigs.localIsolation(config.build()); // the machine's, the same for every agent
    }
    config.isolation(isolation.orElse(detectedIsolation));
    Agent agent = Agent.start(config.build());
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
