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

  /**
   * Parses {@code HOST[:PORT]} (default port 5050) or {@code zk://HOST:PORT[,...]/PATH}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static MasterAddress parse(String text) {
    if (text != null && text.startsWith(ZkUrl.SCHEME)) {
      return new ZooKeeper(ZkUrl.parse(text));
    }
    return new Fixed(HostPort.parse(text, 5050));
  }
}
