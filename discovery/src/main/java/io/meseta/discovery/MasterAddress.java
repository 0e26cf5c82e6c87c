package io.meseta.discovery;

import io.meseta.protocol.transport.HostPort;

/**
 * How a client finds the master: a fixed {@code HOST:PORT}, or {@code zk://...} to follow the
 * elected leader. Every command-line flag and API that takes a master address takes either.
 */
public sealed interface MasterAddress {
  /** A fixed master. */
  record Fixed(HostPort address) implements MasterAddress {
    @Override
    public String toString() {
      return address.toString();
    }
  }

  /** The leader elected in ZooKeeper. */
  record ZooKeeper(ZkUrl url) implements MasterAddress {
    @Override
    public String toString() {
      return url.toString();
    }
  }

  /** The port of a master address that leaves it out. */
  int DEFAULT_PORT = 5050;

  /** The accepted forms, for error messages. */
  String FORMS = "HOST[:PORT] or zk://HOST:PORT[,HOST:PORT...]/PATH";

  /**
   * Parses {@code HOST[:PORT]} (default port 5050) or {@code zk://HOST:PORT[,...]/PATH}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static MasterAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the master address is empty: expected " + FORMS);
    }
    String s = text.trim();
    if (s.startsWith(ZkUrl.SCHEME)) {
      return new ZooKeeper(ZkUrl.parse(s));
    }
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      throw new IllegalArgumentException("the master address '" + s + "' has the unknown scheme '"
          + s.substring(0, scheme) + "://': expected " + FORMS);
    }
    try {
      return new Fixed(HostPort.parse(s, DEFAULT_PORT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad master address: " + e.getMessage() + " (expected " + FORMS + ")", e);
    }
  }
}
