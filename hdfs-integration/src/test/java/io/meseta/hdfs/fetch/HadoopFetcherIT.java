package io.meseta.hdfs.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.meseta.core.task.FetchUri;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import io.meseta.hdfs.testing.MiniHdfs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MiniHdfs.Extension.class)
class HadoopFetcherIT {
  private static MiniHdfs hdfs;
  private static HadoopFileSystems fileSystems;
  private static org.apache.hadoop.fs.Path dir;

  @TempDir Path tmp;
  private MetricRegistry registry;
  private FetchMetrics metrics;
  private HadoopFetcher fetcher;

  @BeforeAll
  static void cluster(MiniHdfs cluster) {
    hdfs = cluster;
    fileSystems = new HadoopFileSystems(cluster.conf());
    dir = cluster.dir("fetch");
  }

  @AfterAll
  static void closeClients() {
    fileSystems.close();
  }

  @BeforeEach
  void fetcher() throws Exception {
    registry = new MetricRegistry();
    metrics = new FetchMetrics(registry);
    fetcher = new HadoopFetcher(fileSystems, new FetchCache(tmp.resolve("cache"), 64L << 20, metrics));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Path sandbox(String name) throws Exception {
    return Files.createDirectories(tmp.resolve("sandboxes").resolve(name));
  }

  private static URI write(String name, byte[] content) {
    return hdfs.write(new org.apache.hadoop.fs.Path(dir, name), content);
  }

  @Test
  void fetchesAMultiBlockFileAndASecondFetchIsACacheHit() throws Exception {
    byte[] content = random(2 * MiniHdfs.BLOCK_SIZE + 12345, 1);
    URI uri = write("data.bin", content);

    Path first = fetcher.fetch(uri, sandbox("t1"), false, false);
    Path second = fetcher.fetch(uri, sandbox("t2"), false, false);

    assertEquals(sandbox("t1").resolve("data.bin"), first);
    assertArrayEquals(content, Files.readAllBytes(first));
    assertArrayEquals(content, Files.readAllBytes(second));
    assertEquals(1, metrics.cacheMisses());
    assertEquals(1, metrics.cacheHits());
    assertEquals(1, metrics.downloads());
    assertEquals(content.length, metrics.bytesDownloaded());
    assertEquals(1, registry.counter("hdfs.fetch.cache.hits").getCount(), "visible in the agent's registry");
  }

  @Test
  void fetchesATarGzExtractsItIntoTheSandboxAndItsScriptRuns() throws Exception {
    byte[] tgz = Archives.builder()
        .file("job/run.sh", "#!/bin/sh\ncat \"$(dirname \"$0\")/input.txt\"\n", 0755)
        .file("job/input.txt", "hello from hdfs\n").tarGz();
    URI uri = URI.create("hdfs://" + write("job.tar.gz", tgz).getPath()); // no authority: the default FS

    Path sandbox = sandbox("job");
    Path archive = fetcher.fetch(uri, sandbox, false, true);

    assertTrue(Files.exists(archive), "the archive stays");
    Path script = sandbox.resolve("job/run.sh");
    assertTrue(Files.isExecutable(script));
    Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("hello from hdfs\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(0, p.exitValue());

    fetcher.fetch(uri, sandbox("job2"), false, true);
    assertTrue(Files.exists(sandbox("job2").resolve("job/run.sh")));
    assertEquals(1, metrics.cacheHits());
    assertEquals(1, metrics.downloads());
  }

  @Test
  void fetchUriHonoursExecutableAndOutputFile() throws Exception {
    URI uri = write("tool", "#!/bin/sh\necho ok\n".getBytes(StandardCharsets.UTF_8));
    Path fetched = fetcher.fetch(new FetchUri(uri.toString(), true, false, Optional.of("my-tool")), sandbox("t"));
    assertEquals(sandbox("t").resolve("my-tool"), fetched);
    assertTrue(Files.isExecutable(fetched));
  }

  @Test
  void concurrentFetchesOfOneUriDownloadItOnce() throws Exception {
    byte[] content = random(3 * MiniHdfs.BLOCK_SIZE, 2);
    URI uri = write("shared.bin", content);
    int n = 6;
    CyclicBarrier together = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Path sandbox = sandbox("c" + i);
        results.add(pool.submit(() -> {
          together.await();
          return fetcher.fetch(uri, sandbox, false, false);
        }));
      }
      for (Future<Path> r : results) {
        assertArrayEquals(content, Files.readAllBytes(r.get()));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, metrics.downloads());
    assertEquals(1, metrics.cacheMisses());
    assertEquals(n - 1, metrics.cacheHits());
    assertEquals(content.length, metrics.bytesDownloaded());
  }

  @Test
  void leastRecentlyUsedFileIsEvictedUnderASmallLimit() throws Exception {
    HadoopFetcher small = new HadoopFetcher(fileSystems, new FetchCache(tmp.resolve("small"), 250_000, metrics));
    URI a = write("lru-a", random(100_000, 3));
    URI b = write("lru-b", random(100_000, 4));
    URI c = write("lru-c", random(100_000, 5));

    small.fetch(a, sandbox("1"), false, false);
    small.fetch(b, sandbox("2"), false, false);
    small.fetch(a, sandbox("3"), false, false); // hit; b is now the least recently used
    small.fetch(c, sandbox("4"), false, false); // evicts b
    assertEquals(1, metrics.cacheEvictions());
    small.fetch(a, sandbox("5"), false, false); // still cached
    small.fetch(b, sandbox("6"), false, false); // downloaded again

    assertEquals(2, metrics.cacheHits());
    assertEquals(4, metrics.cacheMisses());
    assertEquals(4, metrics.downloads());
  }

  @Test
  void aFileLargerThanTheCacheIsFetchedAroundIt() throws Exception {
    FetchCache tiny = new FetchCache(tmp.resolve("tiny"), 1000, metrics);
    HadoopFetcher fetcherWithTinyCache = new HadoopFetcher(fileSystems, tiny);
    byte[] content = random(5000, 6);
    URI uri = write("too-big", content);

    assertArrayEquals(content, Files.readAllBytes(fetcherWithTinyCache.fetch(uri, sandbox("b"), false, false)));
    assertEquals(0, tiny.entryCount());
    assertEquals(1, metrics.cacheMisses());
  }

  @Test
  void aChangedFileIsDownloadedAgain() throws Exception {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir, "changing.txt");
    URI uri = hdfs.write(path, "version 1".getBytes(StandardCharsets.UTF_8));
    long before = hdfs.fs().getFileStatus(path).getModificationTime();
    assertEquals("version 1", Files.readString(fetcher.fetch(uri, sandbox("v1"), false, false)));

    hdfs.write(path, "version 2".getBytes(StandardCharsets.UTF_8)); // same length, new content
    if (hdfs.fs().getFileStatus(path).getModificationTime() == before) {
      hdfs.fs().setTimes(path, before + 1, -1); // within one millisecond: make the change visible
    }

    assertEquals("version 2", Files.readString(fetcher.fetch(uri, sandbox("v2"), false, false)));
    assertEquals(2, metrics.downloads());
    assertEquals(1, metrics.cacheInvalidations());
    assertEquals(0, metrics.cacheHits());
  }

  @Test
  void aMissingFileFailsNamingTheUri() {
    URI uri = URI.create(hdfs.uri() + dir.toString() + "/no-such.tar.gz");
    HadoopFetchException e = assertThrows(HadoopFetchException.class,
        () -> fetcher.fetch(uri, tmp.resolve("missing"), false, true));
    assertEquals(Failure.NOT_FOUND, e.failure());
    assertTrue(e.getMessage().contains(uri.toString()), e.getMessage());
    assertEquals(1, metrics.failures());
    assertFalse(Files.exists(tmp.resolve("missing/no-such.tar.gz")));
  }

  @Test
  void aDirectoryOrAnUnsafeArchiveIsRejected() throws Exception {
    HadoopFetchException directory = assertThrows(HadoopFetchException.class,
        () -> fetcher.fetch(hdfs.fs().makeQualified(dir).toUri(), sandbox("d"), false, false));
    assertEquals(Failure.INVALID, directory.failure());
    assertTrue(directory.getMessage().contains("directory"), directory.getMessage());

    URI evil = write("evil.tgz", Archives.builder().file("../../escaped", "x").tarGz());
    HadoopFetchException unsafe = assertThrows(HadoopFetchException.class,
        () -> fetcher.fetch(evil, sandbox("e"), false, true));
    assertEquals(Failure.INVALID, unsafe.failure());
    assertTrue(unsafe.getMessage().contains(evil.toString()) && unsafe.getMessage().contains("outside"),
        unsafe.getMessage());
  }

  @Test
  void servesHdfsAndOtherHadoopSchemesButNotTheAgentsOwn() {
    assertTrue(fetcher.schemes().containsAll(List.of("hdfs", "webhdfs", "viewfs", "har")), fetcher.schemes().toString());
    assertFalse(fetcher.schemes().contains("file"));
    assertTrue(fetcher.handles(URI.create("HDFS://nn/x")));
    assertFalse(fetcher.handles(URI.create("https://example.com/x")));
  }
}
