package io.meseta.spark;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.SparkConf;

/**
 * The adapter's settings, read once from the application's {@link SparkConf} and validated with
 * messages that name the bad key.
 *
 * @param role                 {@code spark.meseta.role} (default {@code *})
 * @param executor             cores, heap and overhead of one executor
 * @param initialExecutors     executors wanted at start: {@code spark.executor.instances} (default 2), or under
 *                             dynamic allocation the larger of its initial and minimum counts
 * @param maxExecutors         at most this many at once: {@code spark.cores.max} / cores (no limit: MAX_VALUE)
 * @param registrationTimeout  {@code spark.meseta.registration.timeout} (default 60 s): how long the
 *                             application waits to register with the master before it fails
 * @param unplaceableTimeout   {@code spark.meseta.unplaceable.timeout} (default 120 s): with no executor at all,
 *                             how long offers may all be too small for one before the application fails
 * @param declineRefuse        how long a declined offer is not offered again once there are enough
 *                             executors ({@code spark.meseta.offer.refuse}, default 120 s)
 * @param minRegisteredRatio   share of the initial executors to wait for before jobs run
 *                             ({@code spark.scheduler.minRegisteredResourcesRatio}, default 0.8)
 * @param javaBinary           {@code spark.meseta.executor.java}, else this JVM's {@code java.home/bin/java}
 * @param classpath            the executors' classpath (see {@link #executorClasspath})
 * @param localityPaths        {@code spark.meseta.locality.paths}: input paths (comma-separated HDFS files,
 *                             directories or globs) whose hosts executors prefer; the master resolves them
 * @param archive              {@code spark.meseta.archive}: an archive of Spark's jars (.tar.gz, .tgz, .tar, .zip)
 *                             at any URI the agents fetch (hdfs://, http://, file://), cached per agent and unpacked
 *                             into each executor's sandbox
 */
public record MesetaSettings(String role, ExecutorSize executor, int initialExecutors, int maxExecutors,
    Duration registrationTimeout, Duration unplaceableTimeout, Duration declineRefuse, double minRegisteredRatio,
    String javaBinary, String classpath, List<String> localityPaths, Optional<String> archive) {

  public static final String ROLE = "spark.meseta.role";
  public static final String REGISTRATION_TIMEOUT = "spark.meseta.registration.timeout";
  public static final String UNPLACEABLE_TIMEOUT = "spark.meseta.unplaceable.timeout";
  public static final String OFFER_REFUSE = "spark.meseta.offer.refuse";
  public static final String EXECUTOR_JAVA = "spark.meseta.executor.java";
  public static final String EXECUTOR_CLASSPATH = "spark.meseta.executor.classpath";
  public static final String EXECUTOR_HOME = "spark.meseta.executor.home";
  public static final String LOCALITY_PATHS = "spark.meseta.locality.paths";
  public static final String ARCHIVE = "spark.meseta.archive";
  public static final String ARCHIVE_JARS = "spark.meseta.archive.jars";
  /** Stands for the executor task's sandbox in {@link #classpath}; the shell expands it. */
  public static final String SANDBOX = "$MESETA_SANDBOX";

  private static final long MIN_OVERHEAD_MB = 384;
  private static final double DEFAULT_OVERHEAD_FACTOR = 0.10;

  public MesetaSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(javaBinary, "javaBinary");
    Objects.requireNonNull(classpath, "classpath");
    localityPaths = List.copyOf(localityPaths);
    Objects.requireNonNull(archive, "archive");
  }

  /**
   * Reads and validates the settings.
   *
   * @throws IllegalArgumentException naming the key whose value is wrong
   */
  public static MesetaSettings from(SparkConf conf) {
    String role = conf.get(ROLE, "*").trim();
    if (role.isEmpty()) {
      throw new IllegalArgumentException(ROLE + " must not be empty (default: *)");
    }
    ExecutorSize size = executorSize(conf);
    int max = maxExecutors(conf, size.cores());
    int initial = initialExecutors(conf);
    Duration registration = positive(conf, REGISTRATION_TIMEOUT, "60s");
    Duration unplaceable = positive(conf, UNPLACEABLE_TIMEOUT, "120s");
    Duration refuse = positive(conf, OFFER_REFUSE, "120s");
    double ratio = conf.getDouble("spark.scheduler.minRegisteredResourcesRatio", 0.8);
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("spark.scheduler.minRegisteredResourcesRatio must be between 0 and 1, got "
          + ratio);
    }
    return new MesetaSettings(role, size, Math.min(initial, max), max, registration, unplaceable, refuse, ratio,
        javaBinary(conf), executorClasspath(conf), localityPaths(conf), archive(conf));
  }

  private static Optional<String> archive(SparkConf conf) {
    Optional<String> uri = Optional.ofNullable(conf.get(ARCHIVE, null)).map(String::trim);
    if (uri.isPresent() && (uri.get().isEmpty() || !uri.get().matches("(?i).*\\.(tar\\.gz|tgz|tar|zip)"))) {
      throw new IllegalArgumentException(ARCHIVE + " must name a .tar.gz, .tgz, .tar or .zip of Spark's jars, got '"
          + uri.get() + "'");
    }
    return uri;
  }

  private static List<String> localityPaths(SparkConf conf) {
    List<String> paths = new ArrayList<>();
    for (String p : conf.get(LOCALITY_PATHS, "").split(",")) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (t.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(LOCALITY_PATHS + " is a comma-separated list of paths, but '" + t
            + "' contains white space");
      }
      paths.add(t);
    }
    return paths;
  }

  static ExecutorSize executorSize(SparkConf conf) {
    int cores = intValue(conf, "spark.executor.cores", 1);
    long heap = sizeMb(conf, "spark.executor.memory", "1g");
    long overhead;
    if (conf.contains("spark.executor.memoryOverhead")) {
      overhead = sizeMb(conf, "spark.executor.memoryOverhead", "0");
    } else {
      double factor = conf.getDouble("spark.executor.memoryOverheadFactor", DEFAULT_OVERHEAD_FACTOR);
      long min = conf.contains("spark.executor.minMemoryOverhead")
          ? sizeMb(conf, "spark.executor.minMemoryOverhead", "384m") : MIN_OVERHEAD_MB;
      overhead = Math.max(min, (long) (factor * heap));
    }
    try {
      return new ExecutorSize(cores, heap, overhead);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static int maxExecutors(SparkConf conf, int cores) {
    if (!conf.contains("spark.cores.max")) {
      return Integer.MAX_VALUE;
    }
    int coresMax = intValue(conf, "spark.cores.max", 0);
    if (coresMax < cores) {
      throw new IllegalArgumentException("spark.cores.max (" + coresMax + ") is less than spark.executor.cores ("
          + cores + "): not even one executor would fit");
    }
    return coresMax / cores;
  }

  private static int initialExecutors(SparkConf conf) {
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      int min = intValue(conf, "spark.dynamicAllocation.minExecutors", 0);
      int initial = intValue(conf, "spark.dynamicAllocation.initialExecutors", min);
      int instances = conf.contains("spark.executor.instances") ? intValue(conf, "spark.executor.instances", 0) : 0;
      return Math.max(Math.max(min, initial), instances);
    }
    int instances = intValue(conf, "spark.executor.instances", 2);
    if (instances < 1) {
      throw new IllegalArgumentException("spark.executor.instances must be at least 1 without dynamic allocation, got "
          + instances);
    }
    return instances;
  }

  /**
   * Where executors find Spark: {@code spark.meseta.executor.classpath} if set; else the
   * {@code spark.meseta.archive.jars} folder (default {@code jars}) of the unpacked
   * {@code spark.meseta.archive}; else {@code spark.meseta.executor.home}{@code /jars/*} (a Spark installation at the same path on every
   * agent); else the driver's own classpath (agents on this machine, or with the same layout: good
   * for development and tests). {@code spark.executor.extraClassPath} goes first in every case.
   */
  static String executorClasspath(SparkConf conf) {
    String base;
    if (conf.contains(EXECUTOR_CLASSPATH)) {
      base = conf.get(EXECUTOR_CLASSPATH).trim();
      if (base.isEmpty()) {
        throw new IllegalArgumentException(EXECUTOR_CLASSPATH + " is set but empty");
      }
    } else if (conf.contains(ARCHIVE)) {
      String jars = conf.get(ARCHIVE_JARS, "jars").trim();
      if (jars.isEmpty() || jars.startsWith("/") || Path.of(jars).normalize().startsWith("..")) {
        throw new IllegalArgumentException(ARCHIVE_JARS + " is the jars folder inside the unpacked archive, a relative"
            + " path such as spark-4.1.3-bin-hadoop3/jars; got '" + jars + "'");
      }
      base = SANDBOX + "/" + Path.of(jars).normalize() + "/*";
    } else if (conf.contains(EXECUTOR_HOME)) {
      base = Path.of(conf.get(EXECUTOR_HOME).trim(), "jars", "*").toString();
    } else {
      // Absolute: executors run in their sandboxes, not in the driver's working directory.
      String driver = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      base = java.util.Arrays.stream(driver.split(File.pathSeparator)).filter(e -> !e.isEmpty())
          .map(e -> Path.of(e).toAbsolutePath().toString())
          .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }
    Optional<String> extra = Optional.ofNullable(conf.get("spark.executor.extraClassPath", null))
        .map(String::trim).filter(s -> !s.isEmpty());
    return extra.map(e -> e + File.pathSeparator + base).orElse(base);
  }

  private static String javaBinary(SparkConf conf) {
    if (conf.contains(EXECUTOR_JAVA)) {
      return conf.get(EXECUTOR_JAVA).trim();
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Duration positive(SparkConf conf, String key, String dflt) {
    long ms;
    try {
      ms = conf.getTimeAsMs(key, dflt);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " is not a duration such as 30s or 2min: '" + conf.get(key, "")
          + "'", e);
    }
    if (ms <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got '" + conf.get(key, dflt) + "'");
    }
    return Duration.ofMillis(ms);
  }

  private static long sizeMb(SparkConf conf, String key, String dflt) {
    try {
      return conf.getSizeAsMb(key, dflt);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " is not a size such as 512m or 2g: '" + conf.get(key, "") + "'", e);
    }
  }

  private static int intValue(SparkConf conf, String key, int dflt) {
    try {
      return conf.getInt(key, dflt);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " is not a whole number: '" + conf.get(key, "") + "'", e);
    }
  }
}
