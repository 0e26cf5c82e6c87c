package io.meseta.hdfs.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent-wide cache of fetched files on local disk, keyed by URI, length and modification time,
 * holding at most {@code maxBytes} and evicting the least recently used file first.
 *
 * <p>Concurrent fetches of one key download it once: the first caller downloads, the others wait
 * for it and are then served from the cache (or all get its failure). A file in use by a fetch
 * (being copied into a sandbox) is never deleted under it; when everything is in use the cache may
 * exceed its limit until those fetches finish. A file larger than the limit is not cached.
 *
 * <p>When a newer version of a URI arrives (another length or modification time), older versions
 * are removed. The cache does not survive a restart: on start it removes the files a previous
 * instance left in its directory (and only those: names of its own pattern).
 */
public final class FetchCache {
  private static final Logger LOG = LoggerFactory.getLogger(FetchCache.class);
  private static final Pattern OWN_FILE = Pattern.compile("[0-9a-f]{64}\\.(entry|part)");

  /** What a cached file is: the qualified URI and the length and modification time it had. */
  public record Key(URI uri, long length, long modificationTime) {
    public Key {
      Objects.requireNonNull(uri, "uri");
    }

    String fileStem() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] d = sha.digest((uri + "\n" + length + "\n" + modificationTime).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }

  /** Writes the content of a key to a local file. */
  @FunctionalInterface
  interface Downloader {
    void downloadTo(Path file) throws IOException;
  }

  /** A cached file pinned for reading until closed. */
  final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    Path file() {
      return entry.file;
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (!closed) {
          closed = true;
          unpin(entry);
        }
      }
    }
  }

  private static final class Entry {
    final Key key;
    final Path file;
    final long bytes;
    int pins;
    boolean removed;

    Entry(Key key, Path file, long bytes) {
      this.key = key;
      this.file = file;
      this.bytes = bytes;
    }
  }

  private final Path directory;
  private final long maxBytes;
  private final FetchMetrics metrics;
  private final Object lock = new Object();
  /** Cached entries in access order, least recently used first. */
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Key, CompletableFuture<Void>> downloading = new HashMap<>();
  /** Bytes on disk: cached entries plus removed ones still pinned. */
  private long bytes;

  /**
   * A cache in {@code directory} (created if missing) of at most {@code maxBytes}; 0 disables caching.
   *
   * @throws IOException if the directory cannot be created or cleaned
   */
  public FetchCache(Path directory, long maxBytes, FetchMetrics metrics) throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size limit must not be negative: " + maxBytes);
    }
    this.directory = directory.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    Files.createDirectories(this.directory);
    removeLeftovers();
  }

  public Path directory() {
    return directory;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public FetchMetrics metrics() {
    return metrics;
  }

  /** Bytes the cached files take now. */
  public long sizeBytes() {
    synchronized (lock) {
      return bytes;
    }
  }

  /** How many files are cached now. */
  public int entryCount() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /** Whether {@code key} is cached now (without touching its recency). */
  public boolean contains(Key key) {
    synchronized (lock) {
      return entries.containsKey(key); // containsKey, unlike get, leaves the access order alone
    }
  }

  /** Whether a file of this key's length is cached at all (else fetch around the cache). */
  boolean admits(Key key) {
    return key.length() <= maxBytes;
  }

  /**
   * The cached file of {@code key}, downloading it with {@code downloader} if no one has yet, or
   * waiting for the fetch that is downloading it. Close the lease when done reading.
   *
   * @throws IOException the download's failure (this caller's or the one it waited for)
   * @throws InterruptedException if interrupted while waiting for another fetch's download
   */
  Lease acquire(Key key, Downloader downloader) throws IOException, InterruptedException {
    while (true) {
      CompletableFuture<Void> pending;
      boolean mine = false;
      synchronized (lock) {
        Entry e = entries.get(key);
        if (e != null) {
          e.pins++;
          metrics.hit();
          return new Lease(e);
        }
        pending = downloading.get(key);
        if (pending == null) {
          pending = new CompletableFuture<>();
          downloading.put(key, pending);
          mine = true;
        }
      }
      if (mine) {
        return download(key, downloader, pending);
      }
      try {
        pending.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new IOException(cause.getMessage(), cause);
      }
      // downloaded: loop to pin it (or, if it was already evicted, to download it again)
    }
  }

  private Lease download(Key key, Downloader downloader, CompletableFuture<Void> pending) throws IOException {
    metrics.miss();
    String stem = key.fileStem();
    Path part = directory.resolve(stem + ".part");
    Path file = directory.resolve(stem + ".entry");
    Lease lease;
    try {
      Files.deleteIfExists(part);
      downloader.downloadTo(part);
      long size = Files.size(part);
      if (size != key.length()) {
        throw new IOException("downloaded " + size + " bytes of " + key.uri() + " but it had " + key.length()
            + " when the fetch began: it changed during the download");
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      synchronized (lock) {
        Entry e = new Entry(key, file, size);
        e.pins = 1;
        entries.put(key, e);
        bytes += size;
        removeOlderVersions(key);
        evictOverLimit();
        downloading.remove(key);
        lease = new Lease(e);
      }
    } catch (IOException | RuntimeException e) {
      synchronized (lock) {
        downloading.remove(key);
      }
      deleteQuietly(part);
      pending.completeExceptionally(e);
      throw e;
    }
    pending.complete(null);
    return lease;
  }

  private void unpin(Entry e) {
    e.pins--;
    if (e.pins == 0 && e.removed) {
      delete(e);
    }
    evictOverLimit();
  }

  private void removeOlderVersions(Key current) {
    List<Entry> older = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.key.uri().equals(current.uri()) && !e.key.equals(current)) {
        older.add(e);
      }
    }
    for (Entry e : older) {
      entries.remove(e.key);
      e.removed = true;
      metrics.invalidated();
      LOG.info("Cache: {} changed (length {} -> {}, modified {} -> {}); removing the old copy", current.uri(),
          e.key.length(), current.length(), e.key.modificationTime(), current.modificationTime());
      if (e.pins == 0) {
        delete(e);
      }
    }
  }

  private void evictOverLimit() {
    Iterator<Entry> lru = entries.values().iterator();
    while (bytes > maxBytes && lru.hasNext()) {
      Entry e = lru.next();
      if (e.pins == 0) {
        lru.remove();
        e.removed = true;
        metrics.evicted();
        LOG.info("Cache: evicting {} ({} bytes) to stay within {} bytes", e.key.uri(), e.bytes, maxBytes);
        delete(e);
      }
    }
  }

  private void delete(Entry e) {
    bytes -= e.bytes;
    deleteQuietly(e.file);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ex) {
      LOG.warn("Cache: cannot delete {}: {}", file, ex.toString());
    }
  }

  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        if (OWN_FILE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
          Files.delete(f);
        }
      }
    }
  }
}
