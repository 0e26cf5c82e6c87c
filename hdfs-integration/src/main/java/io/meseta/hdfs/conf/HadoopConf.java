package io.meseta.hdfs.conf;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * An immutable Hadoop client configuration: Hadoop's defaults, then {@code core-site.xml} and
 * {@code hdfs-site.xml} from one directory, then Meseta's fail-fast client settings for any of
 * {@link #FAIL_FAST_DEFAULTS} that the site files leave at Hadoop's default.
 *
 * <p>Hadoop's own defaults retry a refused connection to a name node 10 times a second apart and
 * a timed-out one 45 times 20 s apart, so a wrong address looks like a hang. Meseta's defaults give
 * up after a few seconds with an error; a site file that sets a key keeps its value.
 *
 * <p>Every accessor hands out copies: Hadoop's {@link Configuration} is mutable and not safe to
 * share, so no caller can change what another sees.
 */
public final class HadoopConf {
  /** The environment variable naming the Hadoop configuration directory. */
  public static final String ENV_CONF_DIR = "HADOOP_CONF_DIR";

  /** The files read from a configuration directory, in order (later wins). */
  public static final List<String> SITE_FILES = List.of("core-site.xml", "hdfs-site.xml");

  /** Client settings that make an unreachable name node fail in seconds instead of minutes. */
  public static final Map<String, String> FAIL_FAST_DEFAULTS = Map.of(
      "ipc.client.connect.max.retries", "2",
      "ipc.client.connect.retry.interval", "500",
      "ipc.client.connect.timeout", "5000",
      "ipc.client.connect.max.retries.on.timeouts", "2");

  private static final String MESETA_SOURCE = "meseta fail-fast default";

  private final Configuration conf;
  private final Optional<Path> directory;

  private HadoopConf(Configuration conf, Optional<Path> directory) {
    this.conf = conf;
    this.directory = directory;
  }

  /**
   * Loads the configuration from {@code confDir} if given, else from {@code $HADOOP_CONF_DIR} if
   * set, else Hadoop's defaults alone (whose default file system is the local one).
   *
   * @throws HadoopConfigException if the chosen directory does not exist, is not a directory,
   *     holds neither site file, or a site file is not valid configuration XML
   */
  public static HadoopConf load(Optional<Path> confDir) throws HadoopConfigException {
    return load(confDir, System.getenv());
  }

  /** {@link #load(Optional)} with the environment given, so that tests need not change theirs. */
  public static HadoopConf load(Optional<Path> confDir, Map<String, String> env) throws HadoopConfigException {
    Objects.requireNonNull(confDir, "confDir");
    Optional<Path> dir;
    String origin;
    if (confDir.isPresent()) {
      dir = confDir;
      origin = "Hadoop configuration directory";
    } else {
      String fromEnv = env.get(ENV_CONF_DIR);
      dir = fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(Path.of(fromEnv));
      origin = ENV_CONF_DIR;
    }
    Configuration conf = new Configuration();
    if (dir.isPresent()) {
      addSiteFiles(conf, dir.get().toAbsolutePath().normalize(), origin);
    }
    return new HadoopConf(withFailFastDefaults(conf), dir.map(d -> d.toAbsolutePath().normalize()));
  }

  /** A configuration built elsewhere (an embedded cluster's, a test's), with the fail-fast defaults. */
  public static HadoopConf of(Configuration conf) {
    return new HadoopConf(withFailFastDefaults(new Configuration(conf)), Optional.empty());
  }

  /** A copy with {@code key} set to {@code value}. */
  public HadoopConf with(String key, String value) {
    Configuration copy = new Configuration(conf);
    copy.set(key, value);
    return new HadoopConf(copy, directory);
  }

  /** A fresh copy of the Hadoop configuration, for Hadoop APIs that take one. */
  public Configuration toConfiguration() {
    return new Configuration(conf);
  }

  /** The value of {@code key} after defaults, site files and Meseta's defaults. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(conf.get(key));
  }

  /** The directory the site files came from, if any. */
  public Optional<Path> directory() {
    return directory;
  }

  /** {@code fs.defaultFS}: where URIs and paths without a scheme are resolved. */
  public URI defaultFileSystem() {
    return FileSystem.getDefaultUri(conf);
  }

  @Override
  public String toString() {
    return "HadoopConf[" + directory.map(Path::toString).orElse("no directory") + ", fs.defaultFS="
        + defaultFileSystem() + "]";
  }

  private static void addSiteFiles(Configuration conf, Path dir, String origin) throws HadoopConfigException {
    if (!Files.exists(dir)) {
      throw new HadoopConfigException(origin + " " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new HadoopConfigException(origin + " " + dir + " is not a directory");
    }
    List<Path> found = new ArrayList<>();
    for (String name : SITE_FILES) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        found.add(file);
      }
    }
    if (found.isEmpty()) {
      throw new HadoopConfigException(origin + " " + dir + " holds neither " + String.join(" nor ", SITE_FILES));
    }
    for (Path file : found) {
      Configuration probe = new Configuration(false);
      try {
        probe.addResource(file.toUri().toURL());
        probe.size(); // parses now, so that a broken file is reported here and names itself
        conf.addResource(file.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new HadoopConfigException("cannot read " + file + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new HadoopConfigException("cannot parse " + file + ": " + rootMessage(e), e);
      }
    }
  }

  private static Configuration withFailFastDefaults(Configuration conf) {
    for (Map.Entry<String, String> e : new TreeMap<>(FAIL_FAST_DEFAULTS).entrySet()) {
      if (onlyFromDefaults(conf, e.getKey())) {
        conf.set(e.getKey(), e.getValue(), MESETA_SOURCE);
      }
    }
    return conf;
  }

  private static boolean onlyFromDefaults(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml") && !s.equals(MESETA_SOURCE)) {
        return false;
      }
    }
    return true;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
