package io.meseta.slave;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkSettings;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.slave.isolation.IsolationConfig;
import io.meseta.slave.isolation.IsolatorSet;
import io.meseta.slave.users.TaskUserPolicy;
import io.meseta.slave.users.UserDirectory;
import java.net.InetAddress;
import java.net.URI;
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
 * @param isolation                the isolators, as {@code --isolation} names them ({@code cgroups,namespaces/pid});
 *                                 empty: the strongest this machine allows ({@link IsolatorSet#detect})
 * @param isolationConfig          where the cgroups are ({@code cgroupRoot}, under {@code cgroupParent}, which
 *                                 agents sharing a machine must not share; by default derived from the work
 *                                 directory) and each container's pids limit
 * @param taskUser                 the OS user tasks run as when the agent is root and neither their command nor
 *                                 their framework names an account of this machine
 * @param limitPollInterval        how often the memory limits of running containers are checked
 * @param diskPollInterval         how often their disk quotas are checked (a walk of each sandbox)
 * @param httpPort                 port of the HTTP endpoints ({@code /metrics}, {@code /health},
 *                                 {@code /files/read}) on {@code bindHost}: default 5081, 0 picks a free one,
 *                                 {@link #HTTP_DISABLED} serves none
 * @param logArchiveDir            where a task's stdout and stderr are copied when it ends: a directory of a
 *                                 Hadoop file system ({@code hdfs://nn:8020/meseta/logs}; a bare path is on the
 *                                 default file system); empty: they are not archived
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
    long fetchCacheBytes,
    Optional<String> isolation,
    IsolationConfig isolationConfig,
    String taskUser,
    Duration limitPollInterval,
    Duration diskPollInterval,
    int httpPort,
    Optional<URI> logArchiveDir) {

  public static final int DEFAULT_PORT = 5051;
  /** The documented HTTP port of an agent. */
  public static final int DEFAULT_HTTP_PORT = 5081;
  /** {@code http_port} value that turns the HTTP endpoints off. */
  public static final int HTTP_DISABLED = -1;
  public static final Duration DEFAULT_LIMIT_POLL_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_DISK_POLL_INTERVAL = Duration.ofSeconds(10);
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
    requireField(isolation, "isolation");
    isolation.ifPresent(IsolatorSet::parseNames); // names every unknown isolator and the known ones
    requireField(isolationConfig, "isolationConfig");
    if (taskUser == null || !UserDirectory.VALID_NAME.matcher(taskUser).matches()) {
      throw new IllegalArgumentException("taskUser must be a user name such as nobody, got '" + taskUser + "'");
    }
    requirePositive(limitPollInterval, "limitPollInterval");
    requirePositive(diskPollInterval, "diskPollInterval");
    if (httpPort < HTTP_DISABLED || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be between 0 and 65535 (0 = any free port), or -1 to serve "
          + "no HTTP, got " + httpPort);
    }
    requireField(logArchiveDir, "logArchiveDir");
    logArchiveDir.ifPresent(AgentConfig::checkArchiveDir);
  }

  /**
   * Parses a log archive directory: a URI with an absolute path ({@code hdfs://nn:8020/meseta/logs},
   * {@code hdfs:///meseta/logs}, {@code file:///var/log/meseta}) or an absolute path.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static URI parseArchiveDir(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("logArchiveDir '" + text + "' is not a URI: " + e.getMessage(), e);
    }
    checkArchiveDir(uri);
    return uri;
  }

  private static void checkArchiveDir(URI uri) {
    if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
      throw new IllegalArgumentException("logArchiveDir must be a URI with an absolute path, such as "
          + "hdfs://namenode:8020/meseta/logs, got '" + uri + "'");
    }
  }

  /**
   * The default cgroup parent of the agent on {@code workDir}: {@code meseta-} and a hash of the
   * path, so that agents sharing a machine (a local cluster's) never take each other's containers
   * for leftovers. The same work directory gives the same parent, so a restarted agent finds its
   * containers' groups again.
   */
  public static String cgroupParentFor(Path workDir) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(workDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "meseta-" + java.util.HexFormat.of().formatHex(hash, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
    private Optional<String> isolation = Optional.empty();
    private Path cgroupRoot = IsolationConfig.DEFAULT_CGROUP_ROOT;
    private String cgroupParent;
    private int pidsLimit = IsolationConfig.DEFAULT_PIDS_LIMIT;
    private String taskUser = TaskUserPolicy.DEFAULT_TASK_USER;
    private Duration limitPollInterval = DEFAULT_LIMIT_POLL_INTERVAL;
    private Duration diskPollInterval = DEFAULT_DISK_POLL_INTERVAL;
    private int httpPort = DEFAULT_HTTP_PORT;
    private Optional<URI> logArchiveDir = Optional.empty();

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

    /** The isolators by name, e.g. {@code cgroups,namespaces/pid}; by default they are detected. */
    public Builder isolation(String value) {
      this.isolation = Optional.of(Objects.requireNonNull(value, "isolation"));
      return this;
    }

    /** Detect the isolators (the default). */
    public Builder detectIsolation() {
      this.isolation = Optional.empty();
      return this;
    }

    public Builder cgroupRoot(Path value) {
      this.cgroupRoot = value;
      return this;
    }

    /** The parent group of the agent's cgroups; by default {@link #cgroupParentFor} its work directory. */
    public Builder cgroupParent(String value) {
      this.cgroupParent = value;
      return this;
    }

    public Builder pidsLimit(int value) {
      this.pidsLimit = value;
      return this;
    }

    public Builder taskUser(String value) {
      this.taskUser = value;
      return this;
    }

    public Builder limitPollInterval(Duration value) {
      this.limitPollInterval = value;
      return this;
    }

    public Builder diskPollInterval(Duration value) {
      this.diskPollInterval = value;
      return this;
    }

    /** The HTTP port (default 5081): 0 picks a free one, {@link #HTTP_DISABLED} serves none. */
    public Builder httpPort(int value) {
      this.httpPort = value;
      return this;
    }

    /** Archive each ended task's stdout and stderr under this directory of a Hadoop file system. */
    public Builder logArchiveDir(URI value) {
      this.logArchiveDir = Optional.of(Objects.requireNonNull(value, "logArchiveDir"));
      return this;
    }

    /** @throws IllegalArgumentException naming the bad field */
    public AgentConfig build() {
      requireField(cgroupRoot, "cgroupRoot");
      String parent = cgroupParent != null ? cgroupParent
          : workDir == null ? IsolationConfig.DEFAULT_CGROUP_PARENT : cgroupParentFor(workDir);
      return new AgentConfig(master, bindHost, port, hostname == null ? localHostname() : hostname,
          resources, attributes, workDir, killGracePeriod, statusUpdateRetryInitial, statusUpdateRetryMax,
          registrationBackoffMax, killTasksOnClose, rpcLimits, zooKeeper, hadoopConfDir, fetchCacheBytes, isolation,
          new IsolationConfig(cgroupRoot, parent, pidsLimit), taskUser, limitPollInterval, diskPollInterval, httpPort,
          logArchiveDir);
    }
  }
}
