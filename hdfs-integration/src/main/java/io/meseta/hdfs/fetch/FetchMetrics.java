package io.meseta.hdfs.fetch;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.Objects;

/**
 * Counters of the Hadoop fetcher and its cache, registered in a Dropwizard {@link MetricRegistry}
 * under {@value #PREFIX}{@code *} and readable through the getters.
 */
public final class FetchMetrics {
  /** The prefix of every metric name. */
  public static final String PREFIX = "hdfs.fetch.";

  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter cacheEvictions;
  private final Counter cacheInvalidations;
  private final Counter bytesDownloaded;
  private final Counter downloads;
  private final Counter failures;

  /** Counters in a registry of their own. */
  public FetchMetrics() {
    this(new MetricRegistry());
  }

  /** Counters in {@code registry} (the agent's), created or reused by name. */
  public FetchMetrics(MetricRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    cacheHits = registry.counter(PREFIX + "cache.hits");
    cacheMisses = registry.counter(PREFIX + "cache.misses");
    cacheEvictions = registry.counter(PREFIX + "cache.evictions");
    cacheInvalidations = registry.counter(PREFIX + "cache.invalidations");
    bytesDownloaded = registry.counter(PREFIX + "bytes-downloaded");
    downloads = registry.counter(PREFIX + "downloads");
    failures = registry.counter(PREFIX + "failures");
  }

  /** Fetches served from the cache, including those that waited for another fetch's download. */
  public long cacheHits() {
    return cacheHits.getCount();
  }

  /** Fetches that had to download (into the cache, or around it when the file is bigger than the cache). */
  public long cacheMisses() {
    return cacheMisses.getCount();
  }

  /** Cached files removed to stay within the size limit, least recently used first. */
  public long cacheEvictions() {
    return cacheEvictions.getCount();
  }

  /** Cached files removed because a newer version (other length or modification time) was downloaded. */
  public long cacheInvalidations() {
    return cacheInvalidations.getCount();
  }

  /** Bytes read from Hadoop file systems. */
  public long bytesDownloaded() {
    return bytesDownloaded.getCount();
  }

  /** Completed downloads from Hadoop file systems. */
  public long downloads() {
    return downloads.getCount();
  }

  /** Fetches that failed. */
  public long failures() {
    return failures.getCount();
  }

  void hit() {
    cacheHits.inc();
  }

  void miss() {
    cacheMisses.inc();
  }

  void evicted() {
    cacheEvictions.inc();
  }

  void invalidated() {
    cacheInvalidations.inc();
  }

  void downloaded(long bytes) {
    bytesDownloaded.inc(bytes);
    downloads.inc();
  }

  void failed() {
    failures.inc();
  }

  @Override
  public String toString() {
    return "FetchMetrics[hits=" + cacheHits() + ", misses=" + cacheMisses() + ", evictions=" + cacheEvictions()
        + ", invalidations=" + cacheInvalidations() + ", bytesDownloaded=" + bytesDownloaded() + "]";
  }
}
