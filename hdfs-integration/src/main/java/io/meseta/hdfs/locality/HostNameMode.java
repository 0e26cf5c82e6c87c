package io.meseta.hdfs.locality;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a datanode's host name is matched to an agent's. */
public enum HostNameMode {
  /** The full names are equal, ignoring case and a trailing dot. */
  FQDN,
  /** The first labels are equal ({@code host1} matches {@code host1.example.com}); an exact match wins. */
  SHORT_NAME,
  /** The names resolve to a common IP address (an IP literal resolves to itself). */
  IP;

  /**
   * Parses a configured value: {@code fqdn}, {@code short} (or {@code short_name}), {@code ip}.
   *
   * @param key the configuration key, named in the error
   * @throws IllegalArgumentException naming the key and the accepted values
   */
  public static HostNameMode parse(String key, String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (v.equals("SHORT")) {
      return SHORT_NAME;
    }
    for (HostNameMode m : values()) {
      if (m.name().equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(key + " = '" + value + "' is not a host name mode; use one of "
        + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
  }
}
