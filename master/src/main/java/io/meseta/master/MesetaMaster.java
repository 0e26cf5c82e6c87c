package io.meseta.master;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.meseta.core.time.Clock;
import io.meseta.core.time.SystemClock;
import io.meseta.discovery.ZkUrl;
import io.meseta.master.durable.LocalRegistryStore;
import io.meseta.master.durable.ZkRegistryStore;
import io.meseta.master.election.Election;
import io.meseta.master.election.ElectionException;
import io.meseta.master.election.SoloElection;
import io.meseta.master.election.ZkElection;
import io.meseta.master.http.MasterHttp;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.master.rpc.MasterRpc;
import io.meseta.protocol.http.HttpEndpoints;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.protocol.transport.RpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running master process: the Thrift port, the HTTP endpoints ({@link MasterHttp}), the event
 * loop, the election, the metrics registry (exposed over JMX and {@code GET /metrics}) and, while
 * it leads, a {@link LeaderTerm} recovered from the registry.
 *
 * <p>Without {@code zk} the master elects itself: {@link #start} loads the registry from the work
 * directory and returns once the master serves (or fails naming the registry file). With
 * {@code zk} it returns once the port is bound; it answers NOT_LEADER until it wins the election
 * and has recovered, and keeps retrying an unreachable ZooKeeper. {@link #close} stops everything.
 */
public final class MesetaMaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesetaMaster.class);
  private static final Duration SOLO_RETRY = Duration.ofSeconds(1);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final MasterConfig config;
  private final String processTag;
  private final MetricRegistry registry = new MetricRegistry();
  private final JmxReporter jmx;
  private final EventLoop loop;
  private final Election election;
  private final LeaderSeat seat;
  private final RpcServer server;
  private volatile Optional<HttpEndpoints> http = Optional.empty();

  private MesetaMaster(MasterConfig config, Clock clock, RpcLimits limits, Optional<LeaderSeat.StoreFactory> stores)
      throws MasterStartException {
    this.config = config;
    this.processTag = "M" + Long.toString(clock.millis(), 36).toUpperCase(Locale.ROOT);
    MasterMetrics metrics = new MasterMetrics(registry);
    LeaderSeat[] self = new LeaderSeat[1];
    this.loop = new EventLoop("meseta-master-loop", () -> {
      if (self[0] != null) {
        self[0].afterTurn();
      }
    });
    LeaderTerm.Context ctx = new LeaderTerm.Context(config, clock, limits, metrics, loop, processTag);
    String participant = config.advertisedHost() + "/" + processTag;
    if (config.zk().isPresent()) {
      ZkUrl url = config.zk().get();
      ZkElection zk = ZkElection.create(url, config.zkSessionTimeout(), participant);
      this.election = zk;
      this.seat = new LeaderSeat(ctx, zk, stores.orElse(() -> new ZkRegistryStore(zk.client(), url.registryPath())));
    } else {
      this.election = new SoloElection(SOLO_RETRY);
      this.seat = new LeaderSeat(ctx, election, stores.orElse(() -> LocalRegistryStore.open(config.workDir())));
    }
    self[0] = seat;
    this.jmx = JmxReporter.forRegistry(registry).inDomain("meseta.master").build();
    try {
      Files.createDirectories(config.workDir());
      this.server = RpcServer.start("master", config.bindHost(), config.port(),
          MasterRpc.services(seat, config, loop, metrics, () -> config.advertisedHost() + ":" + port()), limits);
    } catch (IOException | TTransportException e) {
      stopQuietly(null);
      throw new MasterStartException("cannot start the master on " + config.bindHost() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    seat.servingOn(server.port());
    this.http = startHttp(metrics);
    metrics.gauges(() -> seat.leading().map(Master::activeAgents).orElse(0),
        () -> seat.leading().map(Master::activeFrameworks).orElse(0),
        () -> seat.leading().map(Master::outstandingOffers).orElse(0));
    metrics.elected(() -> seat.leading().isPresent());
    jmx.start();
    try {
      election.start(seat);
    } catch (ElectionException e) {
      stopQuietly(server);
      throw new MasterStartException(e.getMessage(), e);
    }
    if (config.zk().isEmpty()) {
      loop.call(() -> null, START_TIMEOUT); // the self-election's first term has run by now
      if (seat.leading().isEmpty()) {
        Exception why = seat.lastFailure().orElse(null);
        stopQuietly(server);
        throw new MasterStartException("cannot start the master: " + (why == null ? "it did not take over"
            : why.getMessage()), why);
      }
    }
    LOG.info("master process {} serving on port {} ({})", processTag, server.port(), election.describe());
  }

  /**
   * The HTTP endpoints, unless {@code http_port} is -1. A port that cannot be bound stops the start,
   * except the default one (5080): when it is taken (several masters on one machine), a free port
   * is used instead and logged, so that only a port chosen on purpose is fatal.
   */
  private Optional<HttpEndpoints> startHttp(MasterMetrics metrics) throws MasterStartException {
    if (config.httpPort() == MasterConfig.HTTP_DISABLED) {
      return Optional.empty();
    }
    try {
      return Optional.of(startHttp(metrics, config.httpPort()));
    } catch (IOException e) {
      if (config.httpPort() != MasterConfig.DEFAULT_HTTP_PORT) {
        stopQuietly(server);
        throw new MasterStartException("cannot start the master's HTTP endpoints (http_port " + config.httpPort()
            + "): " + e.getMessage(), e);
      }
      LOG.warn("The default HTTP port {} is taken ({}); serving HTTP on a free port instead (set http_port to "
          + "choose one)", MasterConfig.DEFAULT_HTTP_PORT, e.getMessage());
    }
    try {
      return Optional.of(startHttp(metrics, 0));
    } catch (IOException e) {
      stopQuietly(server);
      throw new MasterStartException("cannot start the master's HTTP endpoints on any port: " + e.getMessage(), e);
    }
  }

  private HttpEndpoints startHttp(MasterMetrics metrics, int httpPort) throws IOException {
    return MasterHttp.start(config.bindHost(), httpPort, registry,
        MasterRpc.operator(seat, loop, metrics, () -> config.advertisedHost() + ":" + port()),
        new MasterHttp.Health() {
          @Override
          public boolean leading() {
            return isLeader();
          }

          @Override
          public String masterId() {
            return MesetaMaster.this.masterId();
          }

          @Override
          public Optional<String> leaderAddress() {
            return MesetaMaster.this.leaderAddress();
          }
        });
  }

  private void stopQuietly(RpcServer started) {
    http.ifPresent(HttpEndpoints::close);
    seat.close();
    election.close();
    if (started != null) {
      started.close();
    }
    loop.close();
    jmx.close();
  }

  /**
   * Starts a master with the wall clock.
   *
   * @throws MasterStartException naming what prevented the start (the port is taken, the local
   *                              registry is corrupt or in use by another master, ...)
   */
  public static MesetaMaster start(MasterConfig config) throws MasterStartException {
    return new MesetaMaster(config, SystemClock.INSTANCE, RpcLimits.DEFAULT, Optional.empty());
  }

  /** Starts a master whose terms use registry stores from {@code stores} (tests). */
  static MesetaMaster start(MasterConfig config, LeaderSeat.StoreFactory stores) throws MasterStartException {
    return new MesetaMaster(config, SystemClock.INSTANCE, RpcLimits.DEFAULT, Optional.of(stores));
  }

  /** The port actually bound (useful when the config asked for port 0). */
  public int port() {
    return server.port();
  }

  /** The HTTP port bound (the one picked for {@code http_port} 0); empty when HTTP is off. */
  public OptionalInt httpPort() {
    return http.map(h -> OptionalInt.of(h.port())).orElse(OptionalInt.empty());
  }

  /** The id of the current term while leading; otherwise the id of this process. */
  public String masterId() {
    return seat.masterId().orElse(processTag);
  }

  /** Whether this master leads now (and so may offer and launch). */
  public boolean isLeader() {
    return seat.leading().isPresent();
  }

  /** {@code host:port} of the leading master as this master knows it (itself when it leads). */
  public Optional<String> leaderAddress() {
    if (isLeader()) {
      return Optional.of(config.advertisedHost() + ":" + port());
    }
    return election.leaderAddress();
  }

  public MasterConfig config() {
    return config;
  }

  /** The election this master stands in (tests reach its ZooKeeper client through it). */
  Election election() {
    return election;
  }

  public MetricRegistry metrics() {
    return registry;
  }

  /**
   * The cluster as the master's loop sees it now.
   *
   * @throws NotLeaderException if this master does not lead
   */
  public MasterSnapshot snapshot(boolean includeCompleted) {
    return loop.call(() -> seat.serve(m -> m.snapshot(includeCompleted)), Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    http.ifPresent(HttpEndpoints::close);
    seat.close();
    election.close();
    server.close();
    try {
      loop.call(() -> {
        seat.endTerm("the master is shutting down");
        return null;
      }, Duration.ofSeconds(20));
    } catch (EventLoop.LoopUnavailableException e) {
      LOG.warn("the master's loop did not end its term: {}", e.getMessage());
    }
    loop.close();
    jmx.close();
    LOG.info("master process {} stopped", processTag);
  }

  /** The master could not start; the message names why. */
  public static final class MasterStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public MasterStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
