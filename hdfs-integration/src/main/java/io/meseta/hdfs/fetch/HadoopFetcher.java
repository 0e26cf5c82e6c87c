package io.meseta.hdfs.fetch;

import io.meseta.core.task.FetchUri;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches {@code hdfs://} and other Hadoop file system URIs into a task's sandbox through an
 * agent-wide {@link FetchCache}, making the file executable or extracting it on request. The
 * agent's fetcher delegates the schemes of {@link #schemes()} here. Thread-safe.
 *
 * <p>Each fetch asks the file system for the file's length and modification time (one name node
 * call); a cached copy with the same key is copied into the sandbox, anything else is downloaded.
 */
public final class HadoopFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(HadoopFetcher.class);
  private static final int BUFFER = 64 * 1024;

  /** Schemes of Hadoop file systems an agent may be asked to fetch from; see {@link #schemes()}. */
  private static final List<String> CANDIDATE_SCHEMES = List.of(
      "hdfs", "webhdfs", "swebhdfs", "viewfs", "har", "ofs", "o3fs", "s3a", "abfs", "abfss", "gs", "wasb", "wasbs");

  private final HadoopFileSystems fileSystems;
  private final FetchCache cache;
  private final Set<String> schemes;

  public HadoopFetcher(HadoopFileSystems fileSystems, FetchCache cache) {
    this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
    this.cache = Objects.requireNonNull(cache, "cache");
    Set<String> available = new TreeSet<>();
    for (String s : CANDIDATE_SCHEMES) {
      if (fileSystems.supportsScheme(s)) {
        available.add(s);
      }
    }
    this.schemes = Set.copyOf(available);
  }

  public FetchMetrics metrics() {
    return cache.metrics();
  }

  /**
   * The schemes this fetcher serves: those of the well-known Hadoop file systems whose client is
   * on the class path (at least {@code hdfs}, {@code webhdfs}, {@code viewfs}, {@code har}).
   * {@code file}, {@code http} and {@code https} are left to the agent's own fetchers. Fixed at
   * construction.
   */
  public Set<String> schemes() {
    return schemes;
  }

  /** Whether {@code uri}'s scheme is a Hadoop file system this fetcher serves. */
  public boolean handles(URI uri) {
    return uri.getScheme() != null && schemes().contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Fetches {@code uri} into {@code sandbox} under its last path segment and returns that file.
   *
   * @param executable make the fetched file executable
   * @param extract unpack the fetched {@code .tar.gz}, {@code .tgz}, {@code .tar} or {@code .zip}
   *     into the sandbox (the archive itself stays)
   * @throws HadoopFetchException naming the URI: NOT_FOUND if it does not exist, UNREACHABLE if its
   *     file system cannot be reached, INVALID for a directory, a bad name or an unsafe archive
   */
  public Path fetch(URI uri, Path sandbox, boolean executable, boolean extract) throws HadoopFetchException {
    return fetch(uri, sandbox, Optional.empty(), executable, extract);
  }

  /** {@link #fetch(URI, Path, boolean, boolean)} for a task's {@link FetchUri}, honouring its output file name. */
  public Path fetch(FetchUri uri, Path sandbox) throws HadoopFetchException {
    URI parsed;
    try {
      parsed = new URI(uri.value());
    } catch (URISyntaxException e) {
      throw new HadoopFetchException(Failure.INVALID, "cannot fetch " + uri.value() + ": malformed URI: "
          + e.getMessage(), e);
    }
    return fetch(parsed, sandbox, uri.outputFile(), uri.executable(), uri.extract());
  }

  /** The full form: {@code outputFile} names the file in the sandbox instead of the URI's last segment. */
  public Path fetch(URI uri, Path sandbox, Optional<String> outputFile, boolean executable, boolean extract)
      throws HadoopFetchException {
    Path target = target(uri, sandbox, outputFile);
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw fail(Failure.IO, uri, "cannot create the sandbox " + sandbox + ": " + e, e);
    }
    download(uri, target);
    try {
      if (executable) {
        makeExecutable(target);
      }
      if (extract) {
        ArchiveExtractor.extract(target, target.getParent());
      }
    } catch (UnsafeArchiveException e) {
      throw fail(Failure.INVALID, uri, "cannot extract " + target.getFileName() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw fail(Failure.IO, uri, "cannot " + (extract ? "extract " : "prepare ") + target.getFileName() + ": "
          + e.getMessage(), e);
    }
    LOG.info("Fetched {} to {}{}{}", uri, target, executable ? " (executable)" : "", extract ? " (extracted)" : "");
    return target;
  }

  /**
   * Writes the content of {@code uri} to {@code target} (replacing it) through the cache: the
   * primitive for an agent fetcher that makes files executable and extracts them itself.
   *
   * @throws HadoopFetchException naming the URI, as {@link #fetch(URI, Path, boolean, boolean)}
   */
  public void download(URI uri, Path target) throws HadoopFetchException {
    URI qualified;
    FileSystem fs;
    FileStatus status;
    try {
      qualified = fileSystems.qualify(uri);
      fs = fileSystems.forUri(qualified);
    } catch (HdfsAccessException e) {
      throw fail(e.failure(), uri, e.getMessage(), e);
    }
    try {
      status = fs.getFileStatus(HadoopFileSystems.path(qualified));
    } catch (FileNotFoundException e) {
      throw fail(Failure.NOT_FOUND, uri, "no such file" + also(uri, qualified), e);
    } catch (IOException e) {
      throw fail(Failure.of(e), uri, describe(fs, e), e);
    }
    if (status.isDirectory()) {
      throw fail(Failure.INVALID, uri, "it is a directory, not a file" + also(uri, qualified), null);
    }
    FetchCache.Key key = new FetchCache.Key(qualified, status.getLen(), status.getModificationTime());
    try {
      if (cache.admits(key)) {
        try (FetchCache.Lease lease = cache.acquire(key, file -> copy(fs, key, file))) {
          Files.copy(lease.file(), target, StandardCopyOption.REPLACE_EXISTING);
        }
      } else {
        cache.metrics().miss();
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(part); // a link there is removed, not written through (CREATE_NEW)
        try {
          copy(fs, key, part);
          Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(part);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(Failure.IO, uri, "interrupted while waiting for another fetch to download it", e);
    } catch (FileNotFoundException e) {
      throw fail(Failure.NOT_FOUND, uri, "no such file (it went away)" + also(uri, qualified), e);
    } catch (IOException e) {
      throw fail(Failure.of(e), uri, describe(fs, e), e);
    }
  }

  private void copy(FileSystem fs, FetchCache.Key key, Path file) throws IOException {
    long copied = 0;
    try (InputStream in = fs.open(HadoopFileSystems.path(key.uri()), BUFFER);
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        copied += n;
      }
    }
    cache.metrics().downloaded(copied);
  }

  private Path target(URI uri, Path sandbox, Optional<String> outputFile) throws HadoopFetchException {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = outputFile.orElseGet(() -> path.substring(path.lastIndexOf('/') + 1));
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
      throw fail(Failure.INVALID, uri, "'" + name + "' is not a plain file name for the sandbox;"
          + " set an output file name", null);
    }
    return sandbox.toAbsolutePath().normalize().resolve(name);
  }

  private static void makeExecutable(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    perms.add(PosixFilePermission.OWNER_EXECUTE);
    perms.add(PosixFilePermission.GROUP_EXECUTE);
    perms.add(PosixFilePermission.OTHERS_EXECUTE);
    Files.setPosixFilePermissions(file, perms);
  }

  private static String also(URI uri, URI qualified) {
    return uri.equals(qualified) ? "" : " (" + qualified + ")";
  }

  private static String describe(FileSystem fs, IOException e) {
    if (Failure.of(e) == Failure.UNREACHABLE) {
      return "cannot reach the file system " + fs.getUri() + ": " + HdfsAccessException.describe(e);
    }
    return HdfsAccessException.describe(e);
  }

  private HadoopFetchException fail(Failure failure, URI uri, String why, Throwable cause) {
    cache.metrics().failed();
    return new HadoopFetchException(failure, "cannot fetch " + uri + ": " + why, cause);
  }
}
