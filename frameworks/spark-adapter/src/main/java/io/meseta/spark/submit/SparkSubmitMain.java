package io.meseta.spark.submit;

import java.util.List;

/**
 * {@code bin/meseta spark-submit}: spark-submit for Meseta. Client mode runs Spark's own
 * {@code SparkSubmit} here, in a child JVM with Spark's module options and {@code -Xmx} from
 * {@code --driver-memory}, against {@code spark+meseta://}; cluster mode registers a submission
 * whose supervisor task runs the driver on an agent ({@link ClusterSubmission}); {@code --status}
 * and {@code --kill} act on a submission id. The classpath (this JVM's) holds the adapter and
 * either {@code $SPARK_HOME/jars} or the Spark jars the build resolved.
 */
public final class SparkSubmitMain {
  private SparkSubmitMain() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("spark-submit: " + e.getMessage());
      System.err.println(SubmitArguments.USAGE);
      code = 2;
    } catch (Exception e) {
      System.err.println("spark-submit: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  static int run(List<String> args) throws Exception {
    if (args.isEmpty() || (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h")))) {
      System.out.println(SubmitArguments.USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    SubmitArguments a = SubmitArguments.parse(args);
    if (a.status().isPresent()) {
      return ClusterSubmission.status(a.master(), a.status().get(), System.out);
    }
    if (a.kill().isPresent()) {
      return ClusterSubmission.kill(a.master(), a.kill().get(), System.out);
    }
    if (a.cluster()) {
      return ClusterSubmission.submit(a, System.out);
    }
    Process driver = new ProcessBuilder(DriverLaunch.driverCommand(a, List.of(), List.of())).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(driver::destroy));
    return driver.waitFor();
  }
}
