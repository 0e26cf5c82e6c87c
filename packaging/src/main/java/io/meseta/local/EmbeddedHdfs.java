package io.meseta.local;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in this JVM (Hadoop's {@code MiniDFSCluster}: one name node and a data node per
 * host), for trying Meseta without a Hadoop installation ({@code bin/meseta local --hdfs M}) and
 * for integration tests. Its data nodes report the host names and racks they are given, typically
 * those of the local agents ({@link AgentHost#loopback}), so block locations name agents; every
 * data node still listens on 127.0.0.1. Starting takes 6-9 s.
 */
public final class EmbeddedHdfs implements AutoCloseable {
  /** 1 MiB: small blocks make multi-block files cheap. */
  public static final long DEFAULT_BLOCK_SIZE = 1024 * 1024;

  private final MiniDFSCluster cluster;
  private final Path baseDir;
  private final long blockSize;
  private final short replication;

  private EmbeddedHdfs(MiniDFSCluster cluster, Path baseDir, long blockSize, short replication) {
    this.cluster = cluster;
    this.baseDir = baseDir;
    this.blockSize = blockSize;
    this.replication = replication;
  }

  /** Data nodes on {@code hosts}, 1 MiB blocks, replication 2 (1 with a single data node). */
  public static EmbeddedHdfs start(Path baseDir, List<String> hosts, List<String> racks) throws IOException {
    return start(baseDir, hosts, racks, DEFAULT_BLOCK_SIZE, Math.min(2, hosts.size()));
  }

  /**
   * Starts a name node and one data node per entry of {@code hosts} (on the rack of the same
   * index), keeping its files under {@code baseDir}, and waits until it is up.
   *
   * @throws IllegalArgumentException if the lists are empty or differ in length, or the replication
   *                                  is not between 1 and the number of data nodes
   */
  public static EmbeddedHdfs start(Path baseDir, List<String> hosts, List<String> racks, long blockSize,
      int replication) throws IOException {
    if (hosts.isEmpty() || hosts.size() != racks.size()) {
      throw new IllegalArgumentException("one rack per data node host: " + hosts + " vs " + racks);
    }
    if (replication < 1 || replication > hosts.size()) {
      throw new IllegalArgumentException("replication must be between 1 and the " + hosts.size()
          + " data nodes, got " + replication);
    }
    if (blockSize < 1024 * 1024 || blockSize % 512 != 0) {
      throw new IllegalArgumentException("a block size of at least 1 MiB and a multiple of 512 bytes, got " + blockSize);
    }
    Files.createDirectories(baseDir);
    Configuration conf = new Configuration();
    conf.setLong("dfs.blocksize", blockSize);
    conf.setInt("dfs.replication", replication);
    conf.setInt("dfs.heartbeat.interval", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDir.toFile())
        .numDataNodes(hosts.size())
        .hosts(hosts.toArray(new String[0]))
        .racks(racks.toArray(new String[0]))
        .build();
    try {
      cluster.waitActive();
    } catch (IOException | RuntimeException e) {
      cluster.shutdown(true);
      throw e;
    }
    return new EmbeddedHdfs(cluster, baseDir, blockSize, (short) replication);
  }

  /** {@code hdfs://localhost:PORT}. */
  public URI uri() {
    return cluster.getURI();
  }

  public long blockSize() {
    return blockSize;
  }

  /** A copy of the client configuration: fs.defaultFS, block size and replication of this HDFS. */
  public Configuration conf() {
    Configuration c = new Configuration(cluster.getConfiguration(0));
    c.set("fs.defaultFS", uri().toString());
    return c;
  }

  /** A client of this HDFS (shared and cached: do not close it). */
  public FileSystem fs() {
    try {
      return cluster.getFileSystem();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code length} bytes of a repeating pattern to {@code path} (with this HDFS's block size
   * and replication), replacing what was there; returns the file's full URI.
   */
  public URI writePattern(String path, long length) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 31 + 7);
    }
    try (OutputStream out = fs().create(p, true, 4096, replication, blockSize)) {
      for (long left = length; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return fs().makeQualified(p).toUri();
  }

  /**
   * Writes a Hadoop client configuration directory ({@code core-site.xml} and {@code hdfs-site.xml})
   * pointing at this HDFS, for other processes ({@code HADOOP_CONF_DIR}); returns {@code dir}.
   */
  public Path writeConfDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("core-site.xml"), site("fs.defaultFS", uri().toString()));
    Files.writeString(dir.resolve("hdfs-site.xml"), site("dfs.blocksize", Long.toString(blockSize)) .replace(
        "</configuration>", "  <property><name>dfs.replication</name><value>" + replication
            + "</value></property>\n</configuration>"));
    return dir;
  }

  private static String site(String key, String value) {
    return "<?xml version=\"1.0\"?>\n<!-- written by Meseta for its embedded HDFS -->\n<configuration>\n"
        + "  <property><name>" + key + "</name><value>" + value + "</value></property>\n</configuration>\n";
  }

  /** Stops the name and data nodes and deletes their files. */
  @Override
  public void close() {
    cluster.shutdown(true);
    if (!Files.exists(baseDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
