package io.meseta.slave;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkSettings;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Configuration of one agent. Validated on construction; every message names the bad field.
 *
 * @param master                   where the master is: a fixed {@code host:port}, or {@code zk://...} to follow
 *                                 the leader elected in ZooKeeper
 * @param bindHost                 address the agent's Thrift server binds (default 0.0.0.0)
 * @param port                     the agent's Thrift port (default 5051; 0 picks a free port)
 * @param hostname                 the name the agent registers under (default: local canonical host name)
 * @param resources                resources to offer; each name given here overrides detection
 * @param attributes               free-form attributes such as {@code rack}
 * @param workDir                  root of sandboxes and persisted agent state
 * @param killGracePeriod          time between SIGTERM and SIGKILL when neither task nor request say
 * @param statusUpdateRetryInitial first retry interval of an unacknowledged status update
 * @param statusUpdateRetryMax     the retry interval doubles up to this
 * @param registrationBackoffMax   registration retries back off up to this
 * @param killTasksOnClose         whether {@link Agent#close()} kills the running tasks
 * @param rpcLimits                frame size and timeouts of the agent's connections
 * @param zooKeeper                how to talk to ZooKeeper, for a {@code zk://} master
 * @param hadoopConfDir            Hadoop configuration for {@code hdfs://} fetches (empty: HADOOP_CONF_DIR, else defaults)
 * @param fetchCacheBytes          size limit of the agent's cache of fetched Hadoop files (under workDir/cache)
 */
public record AgentConfig(
    MasterAddress master,
    String bindHost,
    int port,
    String hostname,
    Optional<Resources> resources,
    Map<String, String> attributes,
    Path workDir,
    Duration killGracePeriod,
    Duration statusUpdateRetryInitial,
    Duration statusUpdateRetryMax,
    Duration registrationBackoffMax,
    boolean killTasksOnClose,
    RpcLimits rpcLimits,
    ZkSettings zooKeeper,
    Optional<Path> hadoopConfDir,
    long fetchCacheBytes) {

  public static final int DEFAULT_PORT = 5051;
  /** 2 GiB of fetched Hadoop files. */
  public static final long DEFAULT_FETCH_CACHE_BYTES = 2L << 30;

  public AgentConfig {
    requireField(master, "master");
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (0 = any free port), got " + port);
    }
    if (hostname == null || hostname.isBlank()) {
      throw new IllegalArgumentException("hostname must not be empty");
    }
    requireField(resources, "resources");
    requireField(attributes, "attributes");
    attributes.forEach((k, v) -> {
      if (k == null || k.isBlank() || v == null) {
        throw new IllegalArgumentException("attributes must have non-empty names and non-null values, got "
            + k + "=" + v);
      }
    });
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    requireField(workDir, "workDir");
    workDir = workDir.toAbsolutePath().normalize();
    requireNonNegative(killGracePeriod, "killGracePeriod");
    requirePositive(statusUpdateRetryInitial, "statusUpdateRetryInitial");
    requirePositive(statusUpdateRetryMax, "statusUpdateRetryMax");
    if (statusUpdateRetryMax.compareTo(statusUpdateRetryInitial) < 0) {
      throw new IllegalArgumentException("statusUpdateRetryMax (" + statusUpdateRetryMax
          + ") must not be less than statusUpdateRetryInitial (" + statusUpdateRetryInitial + ")");
    }
    requirePositive(registrationBackoffMax, "registrationBackoffMax");
    requireField(rpcLimits, "rpcLimits");
    requireField(zooKeeper, "zooKeeper");
    requireField(hadoopConfDir, "hadoopConfDir");
    if (fetchCacheBytes < 0) {
      throw new IllegalArgumentException("fetchCacheBytes must not be negative, got " + fetchCacheBytes);
    }
  }

  /** A builder with every default filled in; only the master and the work directory are required. */
  public static Builder builder(HostPort master, Path workDir) {
    return new Builder(master == null ? null : new MasterAddress.Fixed(master), workDir);
  }

  /** A builder for a master given as {@code host:port} or {@code zk://...} ({@link MasterAddress#parse}). */
  public static Builder builder(MasterAddress master, Path workDir) {
    return new Builder(master, workDir);
  }

  /** The local canonical host name, or {@code localhost} when it cannot be resolved. */
  public static String localHostname() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static void requireField(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must be set");
    }
  }

  private static void requireNonNegative(Duration d, String field) {
    requireField(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + d);
    }
  }

  private static void requirePositive(Duration d, String field) {
    requireNonNegative(d, field);
    if (d.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, got " + d);
    }
  }

  /** Fills in defaults; {@link #build()} validates. */
  public static final class Builder {
    private final MasterAddress master;
    private final Path workDir;
    private String bindHost = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private String hostname;
    private Optional<Resources> resources = Optional.empty();
    private Map<String, String> attributes = Map.of();
    private Duration killGracePeriod = Duration.ofSeconds(3);
    private Duration statusUpdateRetryInitial = Duration.ofSeconds(10);
    private Duration statusUpdateRetryMax = Duration.ofMinutes(10);
    private Duration registrationBackoffMax = Duration.ofSeconds(5);
    private boolean killTasksOnClose = true;
    private RpcLimits rpcLimits = RpcLimits.DEFAULT;
    private ZkSettings zooKeeper = ZkSettings.DEFAULT;
    private Optional<Path> hadoopConfDir = Optional.empty();
    private long fetchCacheBytes = DEFAULT_FETCH_CACHE_BYTES;

    private Builder(MasterAddress master, Path workDir) {
      this.master = master;
      this.workDir = workDir;
    }

    public Builder bindHost(String value) {
      this.bindHost = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder hostname(String value) {
      this.hostname = value;
      return this;
    }

    public Builder resources(Resources value) {
      this.resources = Optional.of(Objects.requireNonNull(value, "resources"));
      return this;
    }

    public Builder attributes(Map<String, String> value) {
      this.attributes = value;
      return this;
    }

    public Builder killGracePeriod(Duration value) {
      this.killGracePeriod = value;
      return this;
    }

    public Builder statusUpdateRetry(Duration initial, Duration max) {
      this.statusUpdateRetryInitial = initial;
      this.statusUpdateRetryMax = max;
      return this;
    }

    public Builder registrationBackoffMax(Duration value) {
      this.registrationBackoffMax = value;
      return this;
    }

    public Builder killTasksOnClose(boolean value) {
      this.killTasksOnClose = value;
      return this;
    }

    public Builder rpcLimits(RpcLimits value) {
      this.rpcLimits = value;
      return this;
    }

    public Builder zooKeeper(ZkSettings value) {
      this.zooKeeper = value;
      return this;
    }

    public Builder hadoopConfDir(Path value) {
      this.hadoopConfDir = Optional.of(Objects.requireNonNull(value, "hadoopConfDir"));
      return this;
    }

    public Builder fetchCacheBytes(long value) {
      this.fetchCacheBytes = value;
      return this;
    }

    /** @throws IllegalArgumentException naming the bad field */
    public AgentConfig build() {
      return new AgentConfig(master, bindHost, port, hostname == null ? localHostname() : hostname,
          resources, attributes, workDir, killGracePeriod, statusUpdateRetryInitial, statusUpdateRetryMax,
          registrationBackoffMax, killTasksOnClose, rpcLimits, zooKeeper, hadoopConfDir, fetchCacheBytes);
    }
  }
}
