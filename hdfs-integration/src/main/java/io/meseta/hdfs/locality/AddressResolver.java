package io.meseta.hdfs.locality;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Resolves a host name to its IP addresses; the system resolver in production, a table in tests. */
@FunctionalInterface
public interface AddressResolver {
  /**
   * The textual IP addresses of {@code host} (an IP literal resolves to itself).
   *
   * @throws UnknownHostException if it does not resolve
   */
  List<String> addressesOf(String host) throws UnknownHostException;

  /** The JVM's resolver ({@link InetAddress#getAllByName}), with its caching. */
  static AddressResolver system() {
    return host -> Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toList();
  }
}
