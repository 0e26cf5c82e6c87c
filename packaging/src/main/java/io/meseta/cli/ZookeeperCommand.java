package io.meseta.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.meseta.local.EmbeddedZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meseta zookeeper}: one real ZooKeeper server (ZooKeeper's own server classes),
 * for trying high availability on one machine. Production clusters run a ZooKeeper ensemble.
 */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
    description = {"Runs a single ZooKeeper server for development and trying HA on one machine.",
        "Masters then run with --zk zk://localhost:PORT/meseta."})
final class ZookeeperCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "2181", description = "Client port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "/tmp/meseta/zookeeper",
      description = "Snapshots and transaction logs (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
    }
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("0.0.0.0", port, dataDir.toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(zk::close, "meseta-zookeeper-shutdown"));
    System.out.println("meseta zookeeper serving on port " + zk.port() + ", data in " + dataDir.toAbsolutePath());
    System.out.flush();
    zk.join();
    return 0;
  }
}
