package io.meseta.hdfs.testing;

import io.meseta.hdfs.conf.HadoopConf;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One in-process HDFS for all integration tests of a run: a name node and three datanodes named
 * host1.example, host2.example and host3.example on racks /r1, /r2 and /r3 (all listening on
 * loopback), 1 MiB blocks, replication 2. It starts once (6-9 s) and stops when the run ends; test
 * classes keep out of each other's way by writing under their own directory ({@link #dir}).
 *
 * <p>Use with {@code @ExtendWith(MiniHdfs.Extension.class)} and a {@code MiniHdfs} parameter.
 */
public final class MiniHdfs {
  public static final int BLOCK_SIZE = 1024 * 1024;
  public static final List<String> HOSTS = List.of("host1.example", "host2.example", "host3.example");
  public static final List<String> RACKS = List.of("/r1", "/r2", "/r3");
  /** The rack of each datanode host. */
  public static final Map<String, String> RACK_OF = Map.of(
      "host1.example", "/r1", "host2.example", "/r2", "host3.example", "/r3");

  private final MiniDFSCluster cluster;
  private final Path baseDir;

  private MiniHdfs(MiniDFSCluster cluster, Path baseDir) {
    this.cluster = cluster;
    this.baseDir = baseDir;
  }

  static MiniHdfs start() throws IOException {
    Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "minidfs-");
    Configuration conf = new Configuration();
    conf.setLong("dfs.blocksize", BLOCK_SIZE);
    conf.setInt("dfs.replication", 2);
    conf.setInt("dfs.heartbeat.interval", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base.toFile())
        .numDataNodes(HOSTS.size())
        .hosts(HOSTS.toArray(new String[0]))
        .racks(RACKS.toArray(new String[0]))
        .build();
    cluster.waitActive();
    return new MiniHdfs(cluster, base);
  }

  void stop() {
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

  /** {@code hdfs://localhost:PORT}. */
  public URI uri() {
    return cluster.getURI();
  }

  /** A Meseta view of the cluster's client configuration (fs.defaultFS points at it). */
  public HadoopConf conf() {
    return HadoopConf.of(cluster.getConfiguration(0));
  }

  /** A test-owned client for setting up files (closed with the cluster). */
  public FileSystem fs() {
    try {
      return cluster.getFileSystem();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh directory for one test class or test: {@code /tests/NAME}. */
  public org.apache.hadoop.fs.Path dir(String name) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/tests/" + name);
    try {
      fs().delete(p, true);
      fs().mkdirs(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Writes {@code content} to {@code path} with the given replication and the 1 MiB block size. */
  public URI write(org.apache.hadoop.fs.Path path, byte[] content, int replication) {
    try (OutputStream out = fs().create(path, true, 4096, (short) replication, BLOCK_SIZE)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fs().makeQualified(path).toUri();
  }

  /** {@link #write(org.apache.hadoop.fs.Path, byte[], int)} with replication 2. */
  public URI write(org.apache.hadoop.fs.Path path, byte[] content) {
    return write(path, content, 2);
  }

  /** Starts the cluster for the first class that asks and stops it when the whole run ends. */
  public static final class Extension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MiniHdfs.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      holder(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == MiniHdfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return holder(context).hdfs;
    }

    private static Holder holder(ExtensionContext context) {
      return context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
    }
  }

  /** JUnit closes AutoCloseable store values when the root context (the run) ends. */
  private static final class Holder implements AutoCloseable {
    final MiniHdfs hdfs;

    Holder() {
      try {
        hdfs = MiniHdfs.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start MiniDFSCluster", e);
      }
    }

    @Override
    public void close() {
      hdfs.stop();
    }
  }
}
