package io.meseta.hdfs.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchCacheTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final FetchMetrics metrics = new FetchMetrics();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger downloads = new AtomicInteger();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static FetchCache.Key key(String name, int length) {
    return new FetchCache.Key(URI.create("hdfs://nn/" + name), length, 1000);
  }

  private FetchCache.Downloader writes(int length) {
    return file -> {
      downloads.incrementAndGet();
      Files.write(file, new byte[length]);
    };
  }

  private void fetch(FetchCache cache, FetchCache.Key key) throws Exception {
    try (FetchCache.Lease lease = cache.acquire(key, writes((int) key.length()))) {
      assertEquals(key.length(), Files.size(lease.file()));
    }
  }

  @Test
  void aSecondFetchIsAHit() throws Exception {
    FetchCache cache = new FetchCache(dir, 1000, metrics);
    fetch(cache, key("a", 100));
    fetch(cache, key("a", 100));
    assertEquals(1, downloads.get());
    assertEquals(1, metrics.cacheMisses());
    assertEquals(1, metrics.cacheHits());
    assertEquals(100, cache.sizeBytes());
  }

  @Test
  void leastRecentlyUsedFilesAreEvictedToStayWithinTheLimit() throws Exception {
    FetchCache cache = new FetchCache(dir, 250, metrics);
    fetch(cache, key("a", 100));
    fetch(cache, key("b", 100));
    fetch(cache, key("a", 100)); // a is now more recent than b
    fetch(cache, key("c", 100)); // 300 > 250: b goes

    assertTrue(cache.contains(key("a", 100)));
    assertFalse(cache.contains(key("b", 100)));
    assertTrue(cache.contains(key("c", 100)));
    assertEquals(1, metrics.cacheEvictions());
    assertEquals(200, cache.sizeBytes());
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "the evicted file is deleted");
    }
  }

  @Test
  void aFileInUseIsNotEvictedUntilReleased() throws Exception {
    FetchCache cache = new FetchCache(dir, 150, metrics);
    FetchCache.Lease held = cache.acquire(key("a", 100), writes(100));
    fetch(cache, key("b", 100)); // 200 > 150, but a is pinned and b is the one in use: b is evicted after use
    assertTrue(Files.exists(held.file()));
    assertTrue(cache.contains(key("a", 100)));
    held.close();
    fetch(cache, key("c", 100));
    assertFalse(cache.contains(key("a", 100)));
    assertEquals(100, cache.sizeBytes());
  }

  @Test
  void aNewVersionOfAUriReplacesTheOldOne() throws Exception {
    FetchCache cache = new FetchCache(dir, 1000, metrics);
    fetch(cache, key("a", 100));
    FetchCache.Key newer = new FetchCache.Key(URI.create("hdfs://nn/a"), 100, 2000);
    fetch(cache, newer);
    assertEquals(2, downloads.get());
    assertFalse(cache.contains(key("a", 100)));
    assertTrue(cache.contains(newer));
    assertEquals(1, metrics.cacheInvalidations());
    assertEquals(100, cache.sizeBytes());
  }

  @Test
  void concurrentFetchesOfOneKeyDownloadOnceAndTheOthersWait() throws Exception {
    FetchCache cache = new FetchCache(dir, 1000, metrics);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FetchCache.Downloader slow = file -> {
      downloads.incrementAndGet();
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      Files.write(file, new byte[100]);
    };
    Future<?> first = threads.submit(() -> {
      try (FetchCache.Lease l = cache.acquire(key("a", 100), slow)) {
        return Files.size(l.file());
      }
    });
    started.await();
    Thread[] waiter = new Thread[1];
    Future<?> second = threads.submit(() -> {
      waiter[0] = Thread.currentThread();
      try (FetchCache.Lease l = cache.acquire(key("a", 100), slow)) {
        return Files.size(l.file());
      }
    });
    Await.until("the second fetch waits for the first", WAIT,
        () -> waiter[0] != null && waiter[0].getState() == Thread.State.WAITING);
    release.countDown();

    assertEquals(100L, first.get());
    assertEquals(100L, second.get());
    assertEquals(1, downloads.get());
    assertEquals(1, metrics.cacheMisses());
    assertEquals(1, metrics.cacheHits());
  }

  @Test
  void aFailedDownloadFailsItsWaitersAndTheNextFetchTriesAgain() throws Exception {
    FetchCache cache = new FetchCache(dir, 1000, metrics);
    IOException e = assertThrows(IOException.class, () -> cache.acquire(key("a", 100), file -> {
      throw new IOException("datanode went away");
    }));
    assertEquals("datanode went away", e.getMessage());
    fetch(cache, key("a", 100));
    assertEquals(1, downloads.get());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no partial file is left behind");
    }
  }

  @Test
  void aDownloadOfTheWrongLengthIsRejected() throws Exception {
    FetchCache cache = new FetchCache(dir, 1000, metrics);
    IOException e = assertThrows(IOException.class, () -> cache.acquire(key("a", 100), writes(99)));
    assertTrue(e.getMessage().contains("changed during the download"), e.getMessage());
    assertEquals(0, cache.entryCount());
  }

  @Test
  void startingRemovesOnlyItsOwnLeftovers() throws Exception {
    FetchCache first = new FetchCache(dir, 1000, metrics);
    fetch(first, key("a", 100));
    Files.writeString(dir.resolve("not-mine.txt"), "keep");

    FetchCache second = new FetchCache(dir, 1000, metrics);

    assertEquals(0, second.sizeBytes());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
    assertTrue(Files.exists(dir.resolve("not-mine.txt")));
  }
}
