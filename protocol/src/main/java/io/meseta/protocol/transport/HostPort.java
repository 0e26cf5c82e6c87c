package io.meseta.protocol.transport;

/** A host and port, parsed from {@code HOST:PORT} with errors that name what is wrong. */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
  }

  /**
   * Parses {@code HOST:PORT}; {@code defaultPort} is used when the port is left out.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static HostPort parse(String text, int defaultPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("address must not be empty: expected HOST:PORT");
    }
    String s = text.trim();
    if (s.contains("://")) {
      throw new IllegalArgumentException("address '" + s + "' must be HOST:PORT, without a scheme");
    }
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      return new HostPort(s, defaultPort);
    }
    String host = s.substring(0, colon);
    String port = s.substring(colon + 1);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("address '" + s + "' has no host: expected HOST:PORT");
    }
    try {
      return new HostPort(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address '" + s + "' has an invalid port '" + port + "'");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
