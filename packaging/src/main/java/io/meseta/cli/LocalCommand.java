package io.meseta.cli;

import io.meseta.cli.config.Settings;
import io.meseta.core.resources.Resources;
import io.meseta.local.AgentHost;
import io.meseta.local.LocalCluster;
import io.meseta.hdfs.locality.HostNameMode;
import io.meseta.master.MasterConfig;
import io.meseta.master.locality.HdfsLocalityConfig;
import io.meseta.slave.Agent;
import io.meseta.slave.isolation.IsolatorSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meseta local}: a master and N agents in one process, for trying Meseta out. */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = {"Runs a master and N agents on this machine and prints the master's address.",
        "Without a COMMAND it runs until Ctrl-C. With one (after --) it runs --instances copies of it as",
        "tasks, like 'meseta run', stops the cluster and exits 0 only if every task finished."})
final class LocalCommand implements Callable<Integer> {
  @Option(names = "--agents", defaultValue = "3", description = "How many agents (default ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--masters", defaultValue = "1",
      description = "How many masters (default ${DEFAULT-VALUE}). More than one starts an embedded ZooKeeper; "
          + "the masters elect a leader and agents and frameworks follow it through zk://.")
  int masters;

  @Option(names = "--port", defaultValue = "5050", description = "The master's Thrift port (default ${DEFAULT-VALUE}; 0 = any).")
  int port;

  @Option(names = "--work-dir", description = "Root of the master's and agents' directories (default: a new temporary directory).")
  Path workDir;

  @Option(names = "--resources",
      description = "Resources of each agent, e.g. 'cpus:2;mem:2048' (default: detected from this machine).")
  String resources;

  @Option(names = "--isolation", paramLabel = "LIST",
      description = "Isolators of every agent, comma-separated, from cgroups, posix, disk/du, namespaces/pid, "
          + "filesystem (default: detected, without filesystem's private /tmp, since the tasks of a local "
          + "cluster share this machine's files).")
  String isolation;

  @Option(names = "--hdfs", paramLabel = "M", defaultValue = "0",
      description = {"Also start an embedded HDFS with M data nodes (at most --agents): the agents and data nodes "
          + "are then named 127.0.0.2, 127.0.0.3, ... on two racks, so block locations name agents. Its client "
          + "configuration goes to conf/hadoop, where the other commands find it (default: no HDFS)."})
  int hdfsNodes;

  @Option(names = "--instances", defaultValue = "1", description = "With a COMMAND: how many tasks (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--cpus", defaultValue = "0.1", description = "With a COMMAND: CPUs per task (default ${DEFAULT-VALUE}).")
  double cpus;

  @Option(names = "--mem", defaultValue = "32", description = "With a COMMAND: memory per task in MB (default ${DEFAULT-VALUE}).")
  double mem;

  @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "Optional command to run as tasks (/bin/sh -c).")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    if (agents < 1) {
      throw new IllegalArgumentException("--agents must be at least 1, got " + agents);
    }
    Optional<Resources> perAgent = resources == null ? Optional.empty()
        : Optional.of(Settings.empty().flag("resources", resources).parse("resources", null, Resources::parse,
            "resources such as cpus:2;mem:2048"));
    Optional<String> isolators = Optional.ofNullable(isolation)
        .map(list -> String.join(",", IsolatorSet.parseNames(list))); // an unknown name: exit status 2
    if (hdfsNodes < 0 || hdfsNodes > agents) {
      throw new IllegalArgumentException("--hdfs must be between 0 and --agents (" + agents + "), got " + hdfsNodes);
    }
    // Searchable by others (not readable): tasks may run as other users and reach their sandboxes inside.
    Path dir = workDir != null ? workDir : Files.createTempDirectory("meseta-local-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
    MasterConfig config = MasterConfig.defaults(dir.resolve("master")).withPort(port);
    Optional<LocalHdfs> hdfs = Optional.empty();
    List<AgentHost> hosts = List.of();
    if (hdfsNodes > 0) {
      hosts = AgentHost.loopback(agents, Math.min(agents, 2));
      hdfs = Optional.of(LocalHdfs.start(dir, hosts.subList(0, hdfsNodes)));
      // the master resolves HDFS paths in locality wishes against the embedded HDFS
      config = config.withHdfsLocality(new HdfsLocalityConfig(Optional.of(hdfs.get().confDir()), HostNameMode.FQDN));
    }
    LocalCluster.Builder builder = LocalCluster.builder(config, dir).masters(masters).agents(agents)
        .agentResources(perAgent).agentHosts(hosts);
    isolators.ifPresent(builder::isolation);
    hdfs.ifPresent(h -> builder.hadoopConfDir(h.confDir()));
    LocalCluster cluster;
    try {
      cluster = builder.start();
    } catch (Agent.AgentStartException e) {
      hdfs.ifPresent(LocalHdfs::close);
      throw AgentCommand.asConfigError(e);
    } catch (Exception | Error e) {
      hdfs.ifPresent(LocalHdfs::close);
      throw e;
    }
    Optional<LocalHdfs> startedHdfs = hdfs;
    Runnable stop = () -> {
      cluster.close();
      startedHdfs.ifPresent(LocalHdfs::close);
    };
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.run();
      stopped.countDown();
    }, "meseta-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    List<Agent> started = cluster.agents();
    for (Agent agent : started) {
      agent.awaitRegistered(Duration.ofSeconds(30));
    }
    System.out.println("meseta local cluster: master at " + cluster.masterAddress() + ", " + masters
        + " master(s), " + agents + " agent(s), work directory " + dir);
    hdfs.ifPresent(h -> System.out.println(h.describe()));
    System.out.flush();
    if (command == null || command.isEmpty()) {
      System.out.println("Press Ctrl-C to stop.");
      stopped.await();
      return 0;
    }
    try {
      return RunCommand.run(cluster.masterAddress(), "meseta-local", "*", Resources.cpusMem(cpus, mem), instances,
          String.join(" ", command), Duration.ofDays(3650), System.out);
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
      stop.run();
    }
  }
}
