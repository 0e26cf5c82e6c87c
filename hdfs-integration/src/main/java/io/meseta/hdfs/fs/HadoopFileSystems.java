package io.meseta.hdfs.fs;

import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hadoop file system clients one process uses, one per scheme and authority, created on first
 * use from one {@link HadoopConf} and closed together by {@link #close()}.
 *
 * <p>Hadoop's own {@code FileSystem.get} cache is keyed without the configuration, so two
 * components with different settings would silently share a client; this class keeps its own
 * instances ({@code FileSystem.newInstance}) instead. Thread-safe: the clients are.
 */
public final class HadoopFileSystems implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HadoopFileSystems.class);

  private final HadoopConf conf;
  private final Configuration hadoopConf;
  private final Map<String, FileSystem> byAuthority = new TreeMap<>();
  private boolean closed;

  public HadoopFileSystems(HadoopConf conf) {
    this.conf = Objects.requireNonNull(conf, "conf");
    this.hadoopConf = conf.toConfiguration();
  }

  public HadoopConf conf() {
    return conf;
  }

  /**
   * Makes {@code uriOrPath} absolute: a bare path ({@code /data/x}) or a scheme without authority
   * ({@code hdfs:///data/x}) is resolved against {@code fs.defaultFS}.
   *
   * @throws HdfsAccessException (INVALID) if it is not a URI or path
   */
  public URI qualify(String uriOrPath) throws HdfsAccessException {
    URI uri;
    try {
      uri = new Path(uriOrPath).toUri(); // Hadoop's parser: keeps glob characters such as {a,b}
    } catch (IllegalArgumentException e) {
      throw new HdfsAccessException(Failure.INVALID, "'" + uriOrPath + "' is not a valid URI or path: "
          + e.getMessage(), e);
    }
    return qualify(uri);
  }

  /** {@link #qualify(String)} for a parsed URI; relative paths are taken from the root. */
  public URI qualify(URI uri) throws HdfsAccessException {
    if (uri.getPath() == null || uri.getPath().isEmpty()) {
      throw new HdfsAccessException(Failure.INVALID, "'" + uri + "' has no path");
    }
    if (!uri.getPath().startsWith("/")) {
      throw new HdfsAccessException(Failure.INVALID, "'" + uri + "' is a relative path: give an absolute path"
          + " or a full URI");
    }
    URI defaultFs = conf.defaultFileSystem();
    String scheme = uri.getScheme() == null ? defaultFs.getScheme() : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getAuthority();
    if (authority == null && uri.getScheme() == null) {
      authority = defaultFs.getAuthority();
    } else if (authority == null && scheme.equals(defaultFs.getScheme())) {
      authority = defaultFs.getAuthority();
    }
    try {
      return new URI(scheme, authority, uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new HdfsAccessException(Failure.INVALID, "'" + uri + "' cannot be qualified: " + e.getMessage(), e);
    }
  }

  /**
   * The client for a qualified URI's file system.
   *
   * @throws HdfsAccessException INVALID for a scheme no Hadoop file system implements, UNREACHABLE
   *     for an unknown host, IO otherwise
   */
  public FileSystem forUri(URI qualified) throws HdfsAccessException {
    String key = qualified.getScheme() + "://" + (qualified.getAuthority() == null ? "" : qualified.getAuthority());
    synchronized (byAuthority) {
      if (closed) {
        throw new IllegalStateException("Hadoop file systems are closed");
      }
      FileSystem fs = byAuthority.get(key);
      if (fs != null) {
        return fs;
      }
      try {
        FileSystem.getFileSystemClass(qualified.getScheme(), hadoopConf);
      } catch (IOException | RuntimeException e) { // RuntimeException: a configured class that is missing
        throw new HdfsAccessException(Failure.INVALID, "no Hadoop file system for scheme '"
            + qualified.getScheme() + "' in " + qualified, e);
      }
      try {
        fs = FileSystem.newInstance(new URI(qualified.getScheme(), qualified.getAuthority(), "/", null, null),
            hadoopConf);
      } catch (URISyntaxException e) {
        throw new HdfsAccessException(Failure.INVALID, "'" + qualified + "' has no valid file system URI", e);
      } catch (IOException | IllegalArgumentException e) {
        Failure failure = e instanceof IOException io ? Failure.of(io) : Failure.of(e);
        throw new HdfsAccessException(failure, "cannot open the file system " + key + " for " + qualified
            + ": " + e.getMessage(), e);
      }
      byAuthority.put(key, fs);
      return fs;
    }
  }

  /** The Hadoop path of a qualified URI. */
  public static Path path(URI qualified) {
    return new Path(qualified);
  }

  /** Whether a Hadoop file system implementation is available for {@code scheme}. */
  public boolean supportsScheme(String scheme) {
    try {
      FileSystem.getFileSystemClass(scheme.toLowerCase(Locale.ROOT), hadoopConf);
      return true;
    } catch (IOException | RuntimeException e) { // RuntimeException: a configured class that is missing
      return false;
    }
  }

  @Override
  public void close() {
    synchronized (byAuthority) {
      if (closed) {
        return;
      }
      closed = true;
      for (Map.Entry<String, FileSystem> e : byAuthority.entrySet()) {
        try {
          e.getValue().close();
        } catch (IOException ex) {
          LOG.warn("Closing the file system {} failed: {}", e.getKey(), ex.toString());
        }
      }
      byAuthority.clear();
    }
  }
}
