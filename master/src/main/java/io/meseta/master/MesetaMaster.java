package io.meseta.master;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.meseta.core.allocation.HierarchicalDrfAllocator;
import io.meseta.core.time.Clock;
import io.meseta.core.time.SystemClock;
import io.meseta.master.agents.ThriftAgentGateway;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.master.rpc.MasterRpc;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.protocol.transport.RpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running master: the {@link Master} state machine on its event loop, the timers that drive
 * it, the Thrift port, the links to agents, and the metrics registry (exposed over JMX).
 * {@link #start} returns once the port is bound; {@link #close} stops everything.
 */
public final class MesetaMaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesetaMaster.class);
  private static final Duration FRAMEWORK_HEARTBEAT = Duration.ofSeconds(10);

  private final MasterConfig config;
  private final MetricRegistry registry = new MetricRegistry();
  private final JmxReporter jmx;
  private final EventLoop loop;
  private final ThriftAgentGateway gateway;
  private final Master master;
  private final RpcServer server;

  private MesetaMaster(MasterConfig config, Clock clock, RpcLimits limits) throws MasterStartException {
    this.config = config;
    String masterId = "M" + Long.toString(clock.millis(), 36).toUpperCase(java.util.Locale.ROOT);
    MasterMetrics metrics = new MasterMetrics(registry);
    Master[] self = new Master[1];
    this.loop = new EventLoop("meseta-master-loop", () -> {
      if (self[0] != null && self[0].allocationRequested()) {
        loopPostAllocation(self[0]);
      }
    });
    this.gateway = new ThriftAgentGateway(masterId, limits,
        (agent, framework, tasks, why) -> loop.post(() -> self[0].launchFailed(agent, framework, tasks, why)));
    this.master = new Master(config, clock, new HierarchicalDrfAllocator(config.allocator(), clock), gateway,
        metrics, masterId);
    self[0] = master;
    metrics.gauges(master::activeAgents, master::activeFrameworks, master::outstandingOffers);
    this.jmx = JmxReporter.forRegistry(registry).inDomain("meseta.master").build();
    try {
      Files.createDirectories(config.workDir());
      this.server = RpcServer.start("master", config.bindHost(), config.port(),
          MasterRpc.services(master, config, loop, metrics, config.advertisedHost() + ":" + config.port()), limits);
    } catch (IOException | TTransportException e) {
      loop.close();
      gateway.close();
      throw new MasterStartException("cannot start the master on " + config.bindHost() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    jmx.start();
    loop.every(config.allocationInterval(), master::allocate);
    loop.every(config.agentPingInterval(), master::checkAgents);
    loop.every(Duration.ofMillis(Math.min(1000, config.frameworkTimeout().toMillis())), master::checkFrameworks);
    config.offerTimeout().ifPresent(t -> loop.every(Duration.ofMillis(Math.min(1000, t.toMillis())),
        master::checkOffers));
    loop.every(FRAMEWORK_HEARTBEAT, master::heartbeatFrameworks);
    LOG.info("master {} started on port {}", masterId, server.port());
  }

  private void loopPostAllocation(Master m) {
    loop.post(m::allocate);
  }

  /**
   * Starts a master with the wall clock.
   *
   * @throws MasterStartException naming what prevented the start (e.g. the port is taken)
   */
  public static MesetaMaster start(MasterConfig config) throws MasterStartException {
    return new MesetaMaster(config, SystemClock.INSTANCE, RpcLimits.DEFAULT);
  }

  /** The port actually bound (useful when the config asked for port 0). */
  public int port() {
    return server.port();
  }

  public String masterId() {
    return master.masterId();
  }

  public MasterConfig config() {
    return config;
  }

  public MetricRegistry metrics() {
    return registry;
  }

  /** The cluster as the master's loop sees it now. */
  public MasterSnapshot snapshot(boolean includeCompleted) {
    return loop.call(() -> master.snapshot(includeCompleted), Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    server.close();
    loop.close();
    gateway.close();
    jmx.close();
    LOG.info("master {} stopped", master.masterId());
  }

  /** The master could not start; the message names why. */
  public static final class MasterStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public MasterStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
