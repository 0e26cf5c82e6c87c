package io.meseta.cli;

import io.meseta.cli.config.AgentSettings;
import io.meseta.cli.config.ConfigException;
import io.meseta.cli.config.Settings;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.locality.RackResolver;
import io.meseta.slave.Agent;
import io.meseta.slave.AgentConfig;
import io.meseta.slave.isolation.IsolationException;
import io.meseta.slave.users.UserRefusedException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meseta agent}: runs an agent until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Runs an agent. Settings come from conf/agent.properties; flags override them.")
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--master",
      description = "The master: HOST:PORT, or zk://HOST:PORT[,HOST:PORT...]/PATH to follow the elected leader "
          + "(default localhost:5050).")
  String master;

  @Option(names = "--port", description = "Thrift port (default 5051; 0 picks a free one).")
  Integer port;

  @Option(names = "--hostname", description = "Host name reported to the master (default: this machine's).")
  String hostname;

  @Option(names = "--bind-host", description = "Address to bind (default 0.0.0.0).")
  String bindHost;

  @Option(names = "--resources",
      description = "Resources to offer, e.g. 'cpus:4;mem:8192;disk:20000;ports:[31000-32000]'. Names not given "
          + "are detected.")
  String resources;

  @Option(names = "--attributes", description = "Attributes, e.g. 'rack:r1;zone:a'.")
  String attributes;

  @Option(names = "--work-dir", description = "Sandboxes and status updates live here (default /tmp/meseta/agent).")
  Path workDir;

  @Option(names = "--isolation", paramLabel = "LIST",
      description = "Isolators, comma-separated, from cgroups, posix, disk/du, namespaces/pid, filesystem "
          + "(default: detected; as root with cgroups cgroups,disk/du,namespaces/pid,filesystem, else posix,disk/du).")
  String isolation;

  @Option(names = "--cgroup-root", paramLabel = "DIR",
      description = "Where the cgroup file system is mounted (default /sys/fs/cgroup).")
  Path cgroupRoot;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the HTTP endpoints /metrics, /health, /files/read (default 5081; 0 = any, -1 = none).")
  Integer httpPort;

  @Option(names = "--log-archive-dir", paramLabel = "URI",
      description = "Copy each ended task's stdout and stderr under this Hadoop file system URI, "
          + "e.g. hdfs://namenode:8020/meseta/logs (default: no archive).")
  String logArchiveDir;

  @Option(names = "--hadoop-conf-dir", paramLabel = "DIR", description = "Hadoop client configuration for "
      + "fetching hdfs:// URIs (default: $HADOOP_CONF_DIR, else conf/hadoop, else Hadoop's defaults).")
  Path hadoopConfDir;

  @Option(names = "--conf", description = "Config file (default: conf/agent.properties).")
  Path conf;

  @Override
  public Integer call() throws Exception {
    Settings s = ConfFiles.load(conf, "agent.properties", AgentSettings.KEYS)
        .flag("master", master).flag("port", port).flag("hostname", hostname).flag("bind_host", bindHost)
        .flag("resources", resources).flag("attributes", attributes).flag("work_dir", workDir)
        .flag("isolation", isolation).flag("cgroup_root", cgroupRoot).flag("hadoop_conf_dir", hadoopConfDir)
        .flag("http_port", httpPort).flag("log_archive_dir", logArchiveDir);
    ConfFiles.defaultHadoopConfDir(s);
    AgentConfig config = AgentSettings.toConfig(s);
    Optional<String> rack = topologyRack(config);
    if (rack.isPresent()) {
      String given = s.string("attributes").orElse("");
      config = AgentSettings.toConfig(s.flag("attributes", (given.isBlank() ? "" : given + ";") + "rack:" + rack.get()));
    }
    Agent agent = start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "meseta-agent-shutdown"));
    System.out.println("meseta agent serving on " + config.hostname() + ":" + agent.port() + " with "
        + agent.total() + ", master " + config.master());
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Starts an agent; an agent that cannot isolate its tasks or run them as users as configured
   * is a configuration error (exit status 2).
   */
  static Agent start(AgentConfig config) throws ConfigException, Agent.AgentStartException {
    try {
      return Agent.start(config);
    } catch (Agent.AgentStartException e) {
      throw asConfigError(e);
    }
  }

  /**
   * The agent's rack by Hadoop's topology mapping (a script or table named in the Hadoop
   * configuration), so agents and data nodes agree; empty if a rack attribute is given, no topology
   * is configured, or it does not place this host.
   */
  static Optional<String> topologyRack(AgentConfig config) throws ConfigException {
    if (config.attributes().containsKey("rack")) {
      return Optional.empty();
    }
    HadoopConf hadoop;
    try {
      hadoop = HadoopConf.load(config.hadoopConfDir());
    } catch (HadoopConfigException e) {
      throw new ConfigException("hadoop_conf_dir: " + e.getMessage());
    }
    if (hadoop.get("net.topology.script.file.name").isEmpty() && hadoop.get("net.topology.table.file.name").isEmpty()) {
      return Optional.empty();
    }
    String rack = RackResolver.fromConf(hadoop).rackOf(config.hostname());
    return RackResolver.DEFAULT_RACK.equals(rack) ? Optional.empty() : Optional.of(rack);
  }

  /** Rethrows a start-up failure from isolation or users as a configuration error, else as it is. */
  static Agent.AgentStartException asConfigError(Agent.AgentStartException e) throws ConfigException {
    if (e.getCause() instanceof IsolationException || e.getCause() instanceof UserRefusedException) {
      throw new ConfigException("the agent cannot start: " + e.getMessage());
    }
    return e;
  }
}
