package io.meseta.slave.fetcher;

import io.meseta.core.task.FetchUri;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a task's URIs into its sandbox: picks the {@link UriFetcher} for the scheme, names the
 * file ({@code outputFile}, else the URI's last path segment), makes it executable and unpacks
 * it when asked. Bare absolute paths are read as {@code file://} URIs.
 */
public final class Fetcher {
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private final Map<String, UriFetcher> bySchemes = new TreeMap<>();

  public Fetcher(List<UriFetcher> fetchers) {
    for (UriFetcher f : fetchers) {
      for (String scheme : f.schemes()) {
        UriFetcher previous = bySchemes.put(scheme.toLowerCase(Locale.ROOT), f);
        if (previous != null) {
          throw new IllegalArgumentException("two fetchers for scheme '" + scheme + "'");
        }
      }
    }
  }

  /** The fetchers every agent has: local files and HTTP(S). */
  public static Fetcher standard() {
    return new Fetcher(List.of(new FileUriFetcher(), new HttpUriFetcher()));
  }

  /** Local files, HTTP(S) and the Hadoop file systems (hdfs://, webhdfs://, ...) through {@code hadoop}. */
  public static Fetcher withHadoop(io.meseta.hdfs.fetch.HadoopFetcher hadoop) {
    return new Fetcher(List.of(new FileUriFetcher(), new HttpUriFetcher(), new HadoopUriFetcher(hadoop)));
  }

  /**
   * Fetches {@code uri} into {@code sandbox} and returns the fetched file.
   *
   * @throws FetchException naming the URI and the cause
   */
  public Path fetch(FetchUri uri, Path sandbox) throws FetchException {
    try {
      URI parsed = parse(uri.value());
      UriFetcher fetcher = bySchemes.get(parsed.getScheme().toLowerCase(Locale.ROOT));
      if (fetcher == null) {
        throw new FetchException("unsupported scheme '" + parsed.getScheme() + "' (supported: "
            + String.join(", ", bySchemes.keySet()) + ")");
      }
      Path target = target(uri, parsed, sandbox);
      Files.createDirectories(sandbox);
      fetcher.fetch(parsed, target);
      if (uri.executable()) {
        makeExecutable(target);
      }
      if (uri.extract()) {
        extract(target, sandbox);
      }
      LOG.info("Fetched {} to {}{}{}", uri.value(), target, uri.executable() ? " (executable)" : "",
          uri.extract() ? " (extracted)" : "");
      return target;
    } catch (FetchException e) {
      throw new FetchException("cannot fetch " + uri.value() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new FetchException("cannot fetch " + uri.value() + ": " + e, e);
    }
  }

  private static void extract(Path archive, Path sandbox) throws FetchException {
    try {
      io.meseta.hdfs.fetch.ArchiveExtractor.extract(archive, sandbox);
    } catch (IOException e) {
      throw new FetchException("cannot extract " + archive.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private static URI parse(String value) throws FetchException {
    if (value.startsWith("/")) {
      return Path.of(value).toUri();
    }
    URI parsed;
    try {
      parsed = new URI(value);
    } catch (URISyntaxException e) {
      throw new FetchException("malformed URI: " + e.getMessage(), e);
    }
    if (parsed.getScheme() == null) {
      throw new FetchException("no scheme, and not an absolute path");
    }
    return parsed;
  }

  private static Path target(FetchUri uri, URI parsed, Path sandbox) throws FetchException {
    String name = uri.outputFile().orElseGet(() -> lastSegment(parsed));
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new FetchException("cannot name the fetched file after the URI's path; set outputFile");
    }
    Path root = sandbox.toAbsolutePath().normalize();
    Path target = root.resolve(name).normalize();
    if (!root.equals(target.getParent())) {
      throw new FetchException("file name '" + name + "' would be outside the sandbox");
    }
    return target;
  }

  private static String lastSegment(URI uri) {
    String path = uri.getPath();
    if (path == null) {
      return "";
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static void makeExecutable(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    perms.add(PosixFilePermission.OWNER_EXECUTE);
    perms.add(PosixFilePermission.GROUP_EXECUTE);
    perms.add(PosixFilePermission.OTHERS_EXECUTE);
    Files.setPosixFilePermissions(file, perms);
  }
}
