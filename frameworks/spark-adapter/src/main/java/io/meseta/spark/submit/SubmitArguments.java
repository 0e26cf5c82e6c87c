package io.meseta.spark.submit;

import io.meseta.discovery.MasterAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@code bin/meseta spark-submit}: spark-submit's own options, of which this
 * reads {@code --master}, {@code --deploy-mode}, {@code --supervise}, {@code --name},
 * {@code --driver-memory}, {@code --driver-cores} and {@code --conf spark.meseta.role=...}, plus
 * {@code --status ID} and {@code --kill ID}. Everything else goes to Spark's SparkSubmit as given.
 *
 * @param master     where the Meseta master is
 * @param cluster    {@code --deploy-mode cluster}
 * @param supervise  {@code --supervise}: relaunch a driver that fails (cluster mode)
 * @param status     {@code --status ID}
 * @param kill       {@code --kill ID}
 * @param name       {@code --name}, else the main class, else the application resource
 * @param role       {@code spark.meseta.role} (default {@code *})
 * @param driverMemoryMb {@code --driver-memory} (default 1g)
 * @param driverCores    {@code --driver-cores} (default 1)
 * @param sparkArgs  the arguments for SparkSubmit, without {@code --master}, {@code --deploy-mode} and
 *                   {@code --supervise}: options, then the application resource and its arguments
 */
public record SubmitArguments(MasterAddress master, boolean cluster, boolean supervise, Optional<String> status,
    Optional<String> kill, String name, String role, long driverMemoryMb, int driverCores, List<String> sparkArgs) {

  /** spark-submit's options that take no value. */
  private static final Set<String> FLAGS = Set.of("--verbose", "-v", "--supervise", "--help", "-h", "--version");

  public static final String USAGE = String.join("\n",
      "usage: bin/meseta spark-submit --master meseta://HOST:PORT [--deploy-mode client|cluster] [--supervise]",
      "                               [SPARK-SUBMIT OPTIONS] APP-JAR [APP-ARGS...]",
      "       bin/meseta spark-submit --master meseta://HOST:PORT --status SUBMISSION-ID",
      "       bin/meseta spark-submit --master meseta://HOST:PORT --kill SUBMISSION-ID",
      "The master may also be written HOST:PORT, zk://HOST:PORT/PATH, or spark+meseta://... .",
      "Client mode (default) runs the driver here; cluster mode runs it as a Meseta task and prints a submission",
      "id; --supervise relaunches a cluster-mode driver that fails. Without SPARK_HOME, the build's Spark is used.");

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SubmitArguments parse(List<String> args) {
    String master = null;
    String deployMode = "client";
    boolean supervise = false;
    String status = null;
    String kill = null;
    String name = null;
    String mainClass = null;
    String role = "*";
    long driverMemoryMb = 1024;
    int driverCores = 1;
    List<String> spark = new ArrayList<>();
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      String opt = args.get(i);
      String value = null;
      int eq = opt.indexOf('=');
      if (opt.startsWith("--") && eq > 0) {
        value = opt.substring(eq + 1);
        opt = opt.substring(0, eq);
      } else if (!FLAGS.contains(opt)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(opt + " needs a value");
        }
        value = args.get(++i);
      }
      i++;
      switch (opt) {
        case "--master" -> master = value;
        case "--deploy-mode" -> deployMode = value.trim().toLowerCase(Locale.ROOT);
        case "--supervise" -> supervise = true;
        case "--status" -> status = value;
        case "--kill" -> kill = value;
        default -> {
          if (opt.equals("--name")) {
            name = value;
          } else if (opt.equals("--class")) {
            mainClass = value;
          } else if (opt.equals("--driver-memory")) {
            driverMemoryMb = SizeParser.mb(opt, value);
          } else if (opt.equals("--driver-cores")) {
            driverCores = positiveInt(opt, value);
          } else if ((opt.equals("--conf") || opt.equals("-c")) && value.startsWith("spark.meseta.role=")) {
            role = value.substring("spark.meseta.role=".length()).trim();
          }
          spark.add(opt);
          if (value != null) {
            spark.add(value);
          }
        }
      }
    }
    List<String> rest = args.subList(i, args.size());
    if (master == null) {
      throw new IllegalArgumentException("--master is required (meseta://HOST:PORT)");
    }
    if (!deployMode.equals("client") && !deployMode.equals("cluster")) {
      throw new IllegalArgumentException("--deploy-mode must be client or cluster, got '" + deployMode + "'");
    }
    boolean cluster = deployMode.equals("cluster");
    if (supervise && !cluster) {
      throw new IllegalArgumentException("--supervise only applies to --deploy-mode cluster");
    }
    if (status != null && kill != null) {
      throw new IllegalArgumentException("--status and --kill cannot be combined");
    }
    if (status == null && kill == null && rest.isEmpty() && !spark.contains("--help") && !spark.contains("-h")
        && !spark.contains("--version")) {
      throw new IllegalArgumentException("no application jar (or --status ID / --kill ID) given");
    }
    spark.addAll(rest);
    String shown = name != null ? name : mainClass != null ? mainClass : rest.isEmpty() ? "spark" : rest.get(0);
    return new SubmitArguments(masterAddress(master), cluster, supervise, Optional.ofNullable(status),
        Optional.ofNullable(kill), shown, role.isEmpty() ? "*" : role, driverMemoryMb, driverCores, spark);
  }

  /** The master URL for SparkSubmit: the {@code spark+meseta://} alias that stock SparkSubmit accepts. */
  public String sparkMaster() {
    return "spark+meseta://" + master;
  }

  /** The application resource and its arguments (what follows the options). */
  public List<String> application() {
    int i = 0;
    while (i < sparkArgs.size() && sparkArgs.get(i).startsWith("-")) {
      i += FLAGS.contains(sparkArgs.get(i)) ? 1 : 2;
    }
    return sparkArgs.subList(Math.min(i, sparkArgs.size()), sparkArgs.size());
  }

  /** {@code meseta://A}, {@code spark+meseta://A} or {@code A}, where A is HOST:PORT or zk://... */
  static MasterAddress masterAddress(String url) {
    String s = url.trim();
    for (String prefix : List.of("spark+meseta://", "meseta://")) {
      if (s.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        s = s.substring(prefix.length());
        break;
      }
    }
    try {
      return MasterAddress.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--master '" + url + "': " + e.getMessage(), e);
    }
  }

  private static int positiveInt(String opt, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(opt + " must be a whole number of at least 1, got '" + value + "'");
  }
}
