package io.meseta.hdfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.fetch.FetchCache;
import io.meseta.hdfs.fetch.FetchMetrics;
import io.meseta.hdfs.fetch.HadoopFetchException;
import io.meseta.hdfs.fetch.HadoopFetcher;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolutionException;
import io.meseta.hdfs.locality.SplitResolver;
import io.meseta.hdfs.logs.LogArchiveException;
import io.meseta.hdfs.logs.LogArchiver;
import io.meseta.testing.FreePorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name node address where nothing listens: every component fails with an error naming the
 * address, after the bounded retries of Meseta's fail-fast defaults. The timeouts only guard
 * against a hang (Hadoop's own defaults would retry for minutes on a timeout); they assert no speed.
 */
@Timeout(120)
class UnreachableNameNodeTest {
  @TempDir Path tmp;
  private HadoopFileSystems fileSystems;
  private String nameNode;

  @BeforeEach
  void closedPort() {
    nameNode = "127.0.0.1:" + FreePorts.next();
    Configuration c = new Configuration();
    c.set("fs.defaultFS", "hdfs://" + nameNode);
    fileSystems = new HadoopFileSystems(HadoopConf.of(c));
  }

  @AfterEach
  void close() {
    fileSystems.close();
  }

  @Test
  void splitResolutionFailsNamingTheNameNodeAndThePath() {
    SplitResolutionException e = assertThrows(SplitResolutionException.class,
        () -> new SplitResolver(fileSystems).resolve("/data/input", SplitOptions.defaults()));
    assertEquals(Failure.UNREACHABLE, e.failure());
    assertTrue(e.getMessage().contains(nameNode), e.getMessage());
    assertTrue(e.getMessage().contains("/data/input"), e.getMessage());
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
  }

  @Test
  void fetchingFailsNamingTheUri() throws Exception {
    HadoopFetcher fetcher = new HadoopFetcher(fileSystems, new FetchCache(tmp.resolve("cache"), 1 << 20,
        new FetchMetrics()));
    URI uri = URI.create("hdfs:///apps/job.tar.gz");
    HadoopFetchException e = assertThrows(HadoopFetchException.class,
        () -> fetcher.fetch(uri, tmp.resolve("sandbox"), false, true));
    assertEquals(Failure.UNREACHABLE, e.failure());
    assertTrue(e.getMessage().contains("hdfs:///apps/job.tar.gz") && e.getMessage().contains(nameNode),
        e.getMessage());
    assertEquals(1, fetcher.metrics().failures());
  }

  @Test
  void archivingLogsFailsNamingTheTask() throws Exception {
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    Files.writeString(sandbox.resolve("stdout"), "out");
    LogArchiveException e = assertThrows(LogArchiveException.class,
        () -> new LogArchiver(fileSystems).archive(sandbox, "fw-1", "task-1", URI.create("/meseta/logs")));
    assertEquals(Failure.UNREACHABLE, e.failure());
    assertTrue(e.getMessage().contains("task-1") && e.getMessage().contains(nameNode), e.getMessage());
  }
}
