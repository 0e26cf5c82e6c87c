package io.meseta.cli;

import io.meseta.cli.config.ConfigException;
import io.meseta.cli.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a component's config file: the one named by --conf, else {@code $MESETA_HOME/conf/NAME};
 * and the Hadoop client configuration directory.
 */
final class ConfFiles {
  private ConfFiles() {}

  static Settings load(Path explicit, String defaultName, Set<String> keys) throws ConfigException {
    if (explicit != null) {
      return Settings.load(explicit, keys);
    }
    String home = System.getProperty("meseta.home");
    if (home != null) {
      Path p = Path.of(home, "conf", defaultName);
      if (Files.isRegularFile(p)) {
        return Settings.load(p, keys);
      }
    }
    return Settings.empty();
  }

  /**
   * The Hadoop configuration directory: the one named by a flag, else none when {@code HADOOP_CONF_DIR}
   * is set (the Hadoop client reads it), else {@code $MESETA_HOME/conf/hadoop} if it exists (where
   * {@code meseta local --hdfs} writes its embedded HDFS's), else none (Hadoop's defaults).
   */
  static Optional<Path> hadoopConfDir(Path explicit) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    String env = System.getenv("HADOOP_CONF_DIR");
    if (env != null && !env.isBlank()) {
      return Optional.empty();
    }
    return localHadoopConfDir().filter(Files::isDirectory);
  }

  /**
   * Sets {@code hadoop_conf_dir} in {@code s} to {@link #hadoopConfDir}'s default when neither the
   * file nor a flag set it (master and agent read it the same way).
   */
  static void defaultHadoopConfDir(Settings s) {
    if (s.string("hadoop_conf_dir").isEmpty()) {
      s.flag("hadoop_conf_dir", hadoopConfDir(null).map(Path::toAbsolutePath).orElse(null));
    }
  }

  /** {@code $MESETA_HOME/conf/hadoop}, if Meseta's home is known. */
  static Optional<Path> localHadoopConfDir() {
    return Optional.ofNullable(System.getProperty("meseta.home")).map(home -> Path.of(home, "conf", "hadoop"));
  }
}
