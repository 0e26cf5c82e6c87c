package io.meseta.batch.cli;

import io.meseta.batch.framework.LocalityOptions;
import io.meseta.batch.service.JobService;
import io.meseta.batch.service.ServiceConfig;
import io.meseta.batch.spec.Durations;
import io.meseta.discovery.ZkUrl;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meseta batch-service}: runs the job service until killed. */
@Command(name = "batch-service", mixinStandardHelpOptions = true,
    description = {"Runs the batch job service: a Meseta framework that accepts jobs over HTTP (bin/meseta batch ...), "
        + "runs them next to their data, and keeps their state in ZooKeeper (--zk) or in --state-dir, so that it can "
        + "be restarted (even after SIGKILL) without running finished tasks again."})
final class ServiceCommand implements Callable<Integer> {
  @Option(names = "--master", defaultValue = "localhost:5050", paramLabel = "HOST:PORT|zk://...",
      description = "The Meseta master, or zk://HOST:PORT[,...]/PATH to follow the elected one (default ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--zk", paramLabel = "zk://HOST:PORT[,...]/PATH", description = "Keep job state in ZooKeeper under this path.")
  String zk;

  @Option(names = "--state-dir", defaultValue = "batch-state", paramLabel = "DIR",
      description = "Without --zk: the directory to keep job state in (default ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--port", defaultValue = "" + ServiceConfig.DEFAULT_PORT, description = "HTTP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "HOST", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--hadoop-conf-dir", paramLabel = "DIR",
      description = "Hadoop client configuration for forEach inputs (default: $HADOOP_CONF_DIR, else Hadoop's defaults).")
  Path hadoopConfDir;

  @Option(names = "--name", defaultValue = "meseta-batch", description = "Framework name (default ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--role", defaultValue = "*", description = "Role to run jobs under (default ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--failover-timeout", defaultValue = "7d", paramLabel = "DURATION",
      description = "How long the master keeps the jobs' tasks while the service is down (default ${DEFAULT-VALUE}).")
  String failoverTimeout;

  @Option(names = "--no-locality", description = "Do not tell the master where the tasks' data is.")
  boolean noLocality;

  @Option(names = "--node-wait", paramLabel = "DURATION", description = "How long to pass up offers not on a split's host (default: the master's).")
  String nodeWait;

  @Option(names = "--rack-wait", paramLabel = "DURATION", description = "How much longer to pass up offers not in a split's rack (default: the master's).")
  String rackWait;

  @Override
  public Integer call() throws Exception {
    LocalityOptions locality = new LocalityOptions(!noLocality,
        Optional.ofNullable(nodeWait).map(w -> Durations.flag("--node-wait", w)),
        Optional.ofNullable(rackWait).map(w -> Durations.flag("--rack-wait", w)));
    ServiceConfig config = new ServiceConfig(master, Optional.ofNullable(zk).map(ZkUrl::parse), stateDir, bind, port,
        Optional.ofNullable(hadoopConfDir), name, System.getProperty("user.name"), role,
        Durations.flag("--failover-timeout", failoverTimeout), locality);
    JobService service = JobService.start(config);
    System.out.println("batch service listening on port " + service.address().getPort() + " for master " + master);
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stop.countDown();
    }, "batch-service-shutdown"));
    stop.await();
    return 0;
  }
}
