package io.meseta.batch.service;

import io.meseta.batch.framework.LocalityOptions;
import io.meseta.discovery.ZkUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The job service's settings.
 *
 * @param master          the Meseta master ({@code HOST:PORT} or {@code zk://...})
 * @param zk              where to keep job state in ZooKeeper; empty: in {@code stateDir}
 * @param stateDir        the local directory for job state (without {@code zk})
 * @param bindHost        the address the HTTP API listens on
 * @param port            the HTTP API's port (0: any free port)
 * @param hadoopConfDir   the Hadoop configuration (empty: {@code HADOOP_CONF_DIR}, else Hadoop's defaults)
 * @param frameworkName   the framework's name at the master
 * @param user            the user the framework registers as (its tasks run as this user where it exists)
 * @param role            the role it registers in; a job naming another role is refused
 * @param failoverTimeout how long the master keeps the service's tasks while it is gone
 * @param locality        the locality wishes it states
 */
public record ServiceConfig(String master, Optional<ZkUrl> zk, Path stateDir, String bindHost, int port,
    Optional<Path> hadoopConfDir, String frameworkName, String user, String role, Duration failoverTimeout,
    LocalityOptions locality) {
  public static final int DEFAULT_PORT = 5070;

  public ServiceConfig {
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(zk, "zk");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(bindHost, "bindHost");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    Objects.requireNonNull(hadoopConfDir, "hadoopConfDir");
    Objects.requireNonNull(frameworkName, "frameworkName");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
    if (failoverTimeout.isNegative()) {
      throw new IllegalArgumentException("failover timeout must not be negative, got " + failoverTimeout);
    }
    Objects.requireNonNull(locality, "locality");
  }

  /** A service of {@code master} keeping state in {@code stateDir}, on port 0 of loopback, as this OS user. */
  public static ServiceConfig defaults(String master, Path stateDir) {
    return new ServiceConfig(master, Optional.empty(), stateDir, "127.0.0.1", DEFAULT_PORT, Optional.empty(),
        "meseta-batch", System.getProperty("user.name"), "*", Duration.ofDays(7), LocalityOptions.DEFAULT);
  }

  public ServiceConfig withPort(int p) {
    return new ServiceConfig(master, zk, stateDir, bindHost, p, hadoopConfDir, frameworkName, user, role,
        failoverTimeout, locality);
  }

  public ServiceConfig withZk(Optional<ZkUrl> z) {
    return new ServiceConfig(master, z, stateDir, bindHost, port, hadoopConfDir, frameworkName, user, role,
        failoverTimeout, locality);
  }

  public ServiceConfig withHadoopConfDir(Optional<Path> dir) {
    return new ServiceConfig(master, zk, stateDir, bindHost, port, dir, frameworkName, user, role, failoverTimeout,
        locality);
  }

  public ServiceConfig withBindHost(String host) {
    return new ServiceConfig(master, zk, stateDir, host, port, hadoopConfDir, frameworkName, user, role,
        failoverTimeout, locality);
  }

  public ServiceConfig withRole(String r) {
    return new ServiceConfig(master, zk, stateDir, bindHost, port, hadoopConfDir, frameworkName, user, r,
        failoverTimeout, locality);
  }

  public ServiceConfig withLocality(LocalityOptions l) {
    return new ServiceConfig(master, zk, stateDir, bindHost, port, hadoopConfDir, frameworkName, user, role,
        failoverTimeout, l);
  }
}
