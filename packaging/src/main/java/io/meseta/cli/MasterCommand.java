package io.meseta.cli;

import io.meseta.cli.config.MasterSettings;
import io.meseta.cli.config.Settings;
import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meseta master}: runs a master until stopped. */
@Command(name = "master", mixinStandardHelpOptions = true,
    description = "Runs a master. Settings come from conf/master.properties; flags override them.")
final class MasterCommand implements Callable<Integer> {
  @Option(names = "--port", description = "Thrift port (default 5050).")
  Integer port;

  @Option(names = "--http-port", description = "HTTP port for /metrics, /health and /state (default 5080; "
      + "0 picks a free one, -1 serves no HTTP).")
  Integer httpPort;

  @Option(names = "--work-dir", description = "Where the master keeps its files (default /tmp/meseta/master).")
  Path workDir;

  @Option(names = "--conf", description = "Config file (default: conf/master.properties).")
  Path conf;

  @Option(names = "--hostname", description = "Host name advertised to agents and frameworks.")
  String hostname;

  @Option(names = "--bind-host", description = "Address to bind (default 0.0.0.0).")
  String bindHost;

  @Option(names = "--agent-ping-interval", description = "How often agents heartbeat (default 5s).")
  String agentPingInterval;

  @Option(names = "--max-missed-pings", description = "Heartbeats an agent may miss (default 5).")
  Integer maxMissedPings;

  @Option(names = "--offer-timeout", description = "Rescind offers older than this (default: never).")
  String offerTimeout;

  @Option(names = "--role-weights", description = "Role weights, e.g. prod=2,dev=1.")
  String roleWeights;

  @Option(names = "--zk", description = {"Run as one of several masters: zk://HOST:PORT[,HOST:PORT...]/PATH.",
      "The elected leader serves; the others answer NOT_LEADER naming it. The registry is kept in ZooKeeper."})
  String zk;

  @Override
  public Integer call() throws Exception {
    Settings s = ConfFiles.load(conf, "master.properties", MasterSettings.KEYS)
        .flag("port", port).flag("http_port", httpPort).flag("work_dir", workDir).flag("hostname", hostname)
        .flag("bind_host", bindHost)
        .flag("agent_ping_interval", agentPingInterval).flag("max_missed_pings", maxMissedPings)
        .flag("offer_timeout", offerTimeout).flag("role_weights", roleWeights).flag("zk", zk);
    ConfFiles.defaultHadoopConfDir(s);
    MasterConfig config = MasterSettings.toConfig(s);
    MesetaMaster master = MesetaMaster.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      master.close();
      stopped.countDown();
    }, "meseta-master-shutdown"));
    String where = config.advertisedHost() + ":" + master.port();
    String http = master.httpPort().isPresent()
        ? ", HTTP on " + config.advertisedHost() + ":" + master.httpPort().getAsInt() : ", no HTTP";
    System.out.println(config.zk().isPresent()
        ? "meseta master listening on " + where + http + ", standing for election at " + config.zk().get()
        : "meseta master " + master.masterId() + " listening on " + where + http);
    System.out.flush();
    stopped.await();
    return 0;
  }
}
