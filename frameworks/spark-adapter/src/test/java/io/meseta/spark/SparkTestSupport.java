package io.meseta.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** What the Spark integration tests share. */
public final class SparkTestSupport {
  private SparkTestSupport() {}

  /** A fresh directory under target/it (outside /tmp, which Meseta tasks see privately). */
  public static Path workDir(String prefix) throws IOException {
    Path parent = Files.createDirectories(Path.of("target", "it").toAbsolutePath());
    return Files.createTempDirectory(parent, prefix);
  }

  /** Settings every test application uses: loopback, small executors, temporary dirs in the test's. */
  public static Map<String, String> settings(Path dir) {
    return Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
        "spark.local.dir", dir.resolve("spark-local").toString(), "spark.executor.memory", "512m",
        "spark.executor.instances", "2", "spark.ui.enabled", "false",
        MesetaSettings.REGISTRATION_TIMEOUT, "20s", "spark.scheduler.minRegisteredResourcesRatio", "1.0");
  }

  /** A jar with WordCountApp's classes, as an application would ship them. */
  public static Path applicationJar(Path jar) throws IOException, URISyntaxException {
    return applicationJar(jar, WordCountApp.class);
  }

  /** A jar with the classes of {@code main} (and its nested classes and lambdas). */
  public static Path applicationJar(Path jar, Class<?> main) throws IOException, URISyntaxException {
    Path classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = classes.resolve(main.getPackageName().replace('.', '/'));
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.list(pkg)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(main.getSimpleName())) {
          j.putNextEntry(new JarEntry(classes.relativize(f).toString()));
          j.write(Files.readAllBytes(f));
          j.closeEntry();
        }
      }
    }
    return jar;
  }

  /** Pids, sorted, of this machine's processes with {@code arg} among their arguments (Linux /proc). */
  public static List<Long> processesWith(String arg) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String[] args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
          if (List.of(args).contains(arg)) {
            pids.add(Long.parseLong(name));
          }
        } catch (IOException gone) {
          // exited meanwhile
        }
      }
    }
    pids.sort(null);
    return pids;
  }
}
