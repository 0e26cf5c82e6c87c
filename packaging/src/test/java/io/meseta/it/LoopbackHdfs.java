package io.meseta.it;

import io.meseta.local.EmbeddedHdfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link EmbeddedHdfs} for all the integration tests of a run, whose three datanodes carry the
 * host names and racks of {@link RackedCluster}'s agents; 1 MiB blocks, replication 2. It starts
 * for the first class that asks (6-9 s) and stops when the run ends; test classes write under
 * their own directory ({@link #dir}).
 */
final class LoopbackHdfs {
  static final int BLOCK_SIZE = (int) EmbeddedHdfs.DEFAULT_BLOCK_SIZE;

  private final EmbeddedHdfs hdfs;

  private LoopbackHdfs(EmbeddedHdfs hdfs) {
    this.hdfs = hdfs;
  }

  URI uri() {
    return hdfs.uri();
  }

  Configuration conf() {
    return hdfs.conf();
  }

  FileSystem fs() {
    return hdfs.fs();
  }

  /** A fresh, empty directory {@code /tests/NAME}. */
  org.apache.hadoop.fs.Path dir(String name) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/tests/" + name);
    try {
      fs().delete(p, true);
      fs().mkdirs(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Writes {@code length} bytes (a pattern); returns the full URI. */
  URI write(org.apache.hadoop.fs.Path path, int length) {
    try {
      return hdfs.writePattern(path.toString(), length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path writeConfDir(Path dir) throws IOException {
    return hdfs.writeConfDir(dir);
  }

  /** Starts the HDFS for the first class that asks and stops it when the whole run ends. */
  static final class Extension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LoopbackHdfs.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      holder(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == LoopbackHdfs.class;
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
    final LoopbackHdfs hdfs;

    Holder() {
      try {
        Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "minidfs-");
        hdfs = new LoopbackHdfs(EmbeddedHdfs.start(base, RackedCluster.HOSTS, RackedCluster.RACKS));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start MiniDFSCluster", e);
      }
    }

    @Override
    public void close() {
      hdfs.hdfs.close();
    }
  }
}
