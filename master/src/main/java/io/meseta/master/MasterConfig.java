package io.meseta.master;

import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.discovery.ZkUrl;
import io.meseta.master.locality.HdfsLocalityConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one master. Validated when built: a bad value fails with a message that names the
 * setting, before anything starts.
 *
 * @param bindHost               address the Thrift port binds to
 * @param port                   Thrift port (0 picks a free one)
 * @param advertisedHost         host name agents and frameworks are told to use
 * @param workDir                where the master keeps its files (without ZooKeeper: its registry)
 * @param allocationInterval     time between batch allocation rounds (events also trigger one)
 * @param agentPingInterval      how often agents heartbeat
 * @param maxMissedPings         heartbeats an agent may miss before it is removed
 * @param frameworkTimeout       silence (no event poll) after which a framework counts as disconnected
 * @param offerTimeout           offers not answered within this are rescinded (empty: never)
 * @param defaultRefuse          how long a decline without filters keeps resources away
 * @param allocator              allocator settings (role weights, minimum allocatable)
 * @param zk                     ZooKeeper ensemble and path for leader election and the registry;
 *                               empty: a single master with its registry in {@code workDir}
 * @param agentReregisterTimeout how long a new leader (or restarted master) waits for a recovered
 *                               agent to re-register before it removes it and reports its tasks LOST
 * @param zkSessionTimeout       ZooKeeper session timeout: bounds how long a crashed leader blocks failover
 * @param httpPort               port of the HTTP endpoints ({@code /metrics}, {@code /health}, {@code /state})
 *                               on {@code bindHost}: 0 picks a free one, {@link #HTTP_DISABLED} serves none
 * @param hdfsLocality           how HDFS paths in locality wishes are resolved and their hosts matched to agents
 */
public record MasterConfig(
    String bindHost,
    int port,
    String advertisedHost,
    Path workDir,
    Duration allocationInterval,
    Duration agentPingInterval,
    int maxMissedPings,
    Duration frameworkTimeout,
    Optional<Duration> offerTimeout,
    Duration defaultRefuse,
    AllocatorConfig allocator,
    Optional<ZkUrl> zk,
    Duration agentReregisterTimeout,
    Duration zkSessionTimeout,
    int httpPort,
    HdfsLocalityConfig hdfsLocality) {

  public static final int DEFAULT_PORT = 5050;
  public static final Duration DEFAULT_AGENT_REREGISTER_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_ZK_SESSION_TIMEOUT = Duration.ofSeconds(4);
  /** The documented HTTP port of a master ({@code bin/meseta master}). */
  public static final int DEFAULT_HTTP_PORT = 5080;
  /** {@code http_port} value that turns the HTTP endpoints off. */
  public static final int HTTP_DISABLED = -1;

  public MasterConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (advertisedHost == null || advertisedHost.isBlank()) {
      throw new IllegalArgumentException("hostname must not be empty");
    }
    Objects.requireNonNull(workDir, "work_dir");
    positive("allocation_interval", allocationInterval);
    positive("agent_ping_interval", agentPingInterval);
    if (maxMissedPings < 1) {
      throw new IllegalArgumentException("max_missed_pings must be at least 1, got " + maxMissedPings);
    }
    positive("framework_timeout", frameworkTimeout);
    Objects.requireNonNull(offerTimeout, "offer_timeout");
    offerTimeout.ifPresent(d -> positive("offer_timeout", d));
    if (defaultRefuse == null || defaultRefuse.isNegative()) {
      throw new IllegalArgumentException("default_refuse must not be negative, got " + defaultRefuse);
    }
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(zk, "zk");
    positive("agent_reregister_timeout", agentReregisterTimeout);
    positive("zk_session_timeout", zkSessionTimeout);
    if (httpPort < HTTP_DISABLED || httpPort > 65535) {
      throw new IllegalArgumentException("http_port must be between 0 and 65535 (0: any free port), or -1 to serve "
          + "no HTTP, got " + httpPort);
    }
    Objects.requireNonNull(hdfsLocality, "hdfsLocality");
  }

  /** The settings of a master without ZooKeeper; the HA settings and the HTTP port take their defaults. */
  public MasterConfig(String bindHost, int port, String advertisedHost, Path workDir, Duration allocationInterval,
      Duration agentPingInterval, int maxMissedPings, Duration frameworkTimeout, Optional<Duration> offerTimeout,
      Duration defaultRefuse, AllocatorConfig allocator) {
    this(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval, maxMissedPings,
        frameworkTimeout, offerTimeout, defaultRefuse, allocator, Optional.empty(), DEFAULT_AGENT_REREGISTER_TIMEOUT,
        DEFAULT_ZK_SESSION_TIMEOUT, DEFAULT_HTTP_PORT, HdfsLocalityConfig.DEFAULT);
  }

  /**
   * Defaults for a master on this machine, started in-process (tests, {@code bin/meseta local}):
   * its HTTP endpoints take any free port, so that such masters never collide. {@code bin/meseta
   * master} takes {@link #DEFAULT_HTTP_PORT} from its settings instead.
   */
  public static MasterConfig defaults(Path workDir) {
    return new MasterConfig("0.0.0.0", DEFAULT_PORT, "localhost", workDir, Duration.ofSeconds(1),
        Duration.ofSeconds(5), 5, Duration.ofSeconds(30), Optional.empty(), Duration.ofSeconds(5),
        AllocatorConfig.DEFAULT).withHttpPort(0);
  }

  /** How HDFS paths in locality wishes are resolved, and data node names matched to agents. */
  public MasterConfig withHdfsLocality(HdfsLocalityConfig newHdfsLocality) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, newHdfsLocality);
  }

  /** The HTTP port: 0 picks a free one, {@link #HTTP_DISABLED} serves none. */
  public MasterConfig withHttpPort(int newHttpPort) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, newHttpPort, hdfsLocality);
  }

  public MasterConfig withPort(int newPort) {
    return new MasterConfig(bindHost, newPort, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  public MasterConfig withAdvertisedHost(String host) {
    return new MasterConfig(bindHost, port, host, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  public MasterConfig withWorkDir(Path dir) {
    return new MasterConfig(bindHost, port, advertisedHost, dir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  public MasterConfig withAllocationInterval(Duration interval) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, interval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  public MasterConfig withPings(Duration interval, int maxMissed) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, interval, maxMissed,
        frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout, zkSessionTimeout,
        httpPort, hdfsLocality);
  }

  public MasterConfig withOfferTimeout(Optional<Duration> timeout) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, timeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  public MasterConfig withAllocator(AllocatorConfig newAllocator) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, newAllocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  public MasterConfig withFrameworkTimeout(Duration timeout) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, timeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        zkSessionTimeout, httpPort, hdfsLocality);
  }

  /** Runs as one of several masters electing a leader in {@code url}, with the registry there. */
  public MasterConfig withZk(ZkUrl url) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, Optional.of(url),
        agentReregisterTimeout, zkSessionTimeout, httpPort, hdfsLocality);
  }

  /**
   * Parses {@code zk://HOST:PORT[,HOST:PORT...]/PATH} as the {@code zk} setting.
   *
   * @throws IllegalArgumentException starting with "zk: " and saying what is wrong with {@code url}
   */
  public MasterConfig withZk(String url) {
    ZkUrl parsed;
    try {
      parsed = ZkUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("zk: " + e.getMessage(), e);
    }
    return withZk(parsed);
  }

  public MasterConfig withAgentReregisterTimeout(Duration timeout) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, timeout, zkSessionTimeout,
        httpPort, hdfsLocality);
  }

  public MasterConfig withZkSessionTimeout(Duration timeout) {
    return new MasterConfig(bindHost, port, advertisedHost, workDir, allocationInterval, agentPingInterval,
        maxMissedPings, frameworkTimeout, offerTimeout, defaultRefuse, allocator, zk, agentReregisterTimeout,
        timeout, httpPort, hdfsLocality);
  }

  /** How long an agent may stay silent before it is removed. */
  public Duration agentTimeout() {
    return agentPingInterval.multipliedBy(maxMissedPings);
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
    }
  }
}
