package io.meseta.discovery;

import java.util.Objects;
import org.apache.zookeeper.common.PathUtils;

/**
 * A ZooKeeper ensemble and the path Meseta's masters use in it: {@code
 * zk://host1:2181,host2:2181/meseta}. Under the path live {@link #electionPath()} (Curator's
 * leader latch), {@link #leaderPath()} (the leader's {@link LeaderInfo}) and {@link
 * #registryPath()} (the master's durable registry).
 */
public record ZkUrl(String connectString, String path) {
  public static final String SCHEME = "zk://";

  public ZkUrl {
    Objects.requireNonNull(connectString, "connectString");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Parses {@code zk://HOST:PORT[,HOST:PORT...]/PATH}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static ZkUrl parse(String text) {
    if (text == null || !text.startsWith(SCHEME)) {
      throw new IllegalArgumentException("'" + text + "' is not a ZooKeeper URL: expected zk://HOST:PORT[,HOST:PORT...]/PATH");
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("'" + text + "' has no " + (slash == 0 ? "hosts" : "path")
          + ": expected zk://HOST:PORT[,HOST:PORT...]/PATH");
    }
    String hosts = rest.substring(0, slash);
    String path = rest.substring(slash);
    for (String host : hosts.split(",", -1)) {
      int colon = host.lastIndexOf(':');
      if (host.isBlank() || colon <= 0 || colon == host.length() - 1 || host.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("'" + text + "': '" + host + "' is not HOST:PORT");
      }
      try {
        int port = Integer.parseInt(host.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': '" + host + "' has no valid port (1-65535)");
      }
    }
    if (path.length() < 2 || path.endsWith("/") || path.contains("//")) {
      throw new IllegalArgumentException("'" + text + "': '" + path + "' is not a ZooKeeper path such as /meseta");
    }
    try {
      PathUtils.validatePath(path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': '" + path + "' is not a valid ZooKeeper path: " + e.getMessage());
    }
    return new ZkUrl(hosts, path);
  }

  /** Where masters run Curator's leader latch. */
  public String electionPath() {
    return path + "/election";
  }

  /** The ephemeral node holding the current leader's {@link LeaderInfo}. */
  public String leaderPath() {
    return path + "/leader";
  }

  /** Root of the durable registry. */
  public String registryPath() {
    return path + "/registry";
  }

  @Override
  public String toString() {
    return SCHEME + connectString + path;
  }
}
