package io.meseta.cli;

import io.meseta.cli.config.ConfigException;
import io.meseta.cli.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Finds a component's config file: the one named by --conf, else {@code $MESETA_HOME/conf/NAME}. */
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
}
