package io.meseta.spark;

import io.meseta.discovery.MasterAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A Spark master URL naming a Meseta master: {@code meseta://HOST:PORT} for one master,
 * {@code meseta://zk://HOST:PORT[,HOST:PORT...]/PATH} to follow the leader elected in ZooKeeper,
 * and the same behind {@code spark+meseta://}, the alias that stock {@code spark-submit} accepts
 * in client mode (it rejects schemes that do not start with {@code spark}).
 *
 * @param url     the URL as Spark gave it
 * @param address where the master is
 */
public record MesetaMasterUrl(String url, MasterAddress address) {
  /** The scheme {@code SparkSession.builder().master(...)} and {@code SparkContext} take. */
  public static final String SCHEME = "meseta://";
  /** The scheme for stock {@code spark-submit --master} (client mode). */
  public static final String SUBMIT_SCHEME = "spark+meseta://";

  private static final String FORMS = "meseta://HOST:PORT or meseta://zk://HOST:PORT[,HOST:PORT...]/PATH"
      + " (or the same with spark+meseta:// for spark-submit)";

  public MesetaMasterUrl {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(address, "address");
  }

  /** Whether {@code url} is meant for Meseta (it may still be malformed: {@link #parse} says how). */
  public static boolean isMeseta(String url) {
    return url != null && strip(url.trim()).isPresent();
  }

  /**
   * Parses a Meseta master URL.
   *
   * @throws IllegalArgumentException naming what is wrong and the accepted forms
   */
  public static MesetaMasterUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the Spark master URL is empty: expected " + FORMS);
    }
    String trimmed = url.trim();
    String rest = strip(trimmed).orElseThrow(() -> new IllegalArgumentException(
        "'" + trimmed + "' is not a Meseta master URL: expected " + FORMS));
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("the Meseta master URL '" + trimmed + "' names no master: expected " + FORMS);
    }
    if (rest.endsWith("/") && !rest.startsWith("zk://")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (!rest.startsWith("zk://") && rest.contains("/")) {
      throw new IllegalArgumentException("the Meseta master URL '" + trimmed + "' has a path after HOST:PORT ('"
          + rest.substring(rest.indexOf('/')) + "'); a path is only meaningful with zk://: expected " + FORMS);
    }
    try {
      return new MesetaMasterUrl(trimmed, MasterAddress.parse(rest));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Meseta master URL '" + trimmed + "' is malformed: " + e.getMessage(), e);
    }
  }

  private static Optional<String> strip(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith(SCHEME)) {
      return Optional.of(url.substring(SCHEME.length()));
    }
    if (lower.startsWith(SUBMIT_SCHEME)) {
      return Optional.of(url.substring(SUBMIT_SCHEME.length()));
    }
    return Optional.empty();
  }
}
