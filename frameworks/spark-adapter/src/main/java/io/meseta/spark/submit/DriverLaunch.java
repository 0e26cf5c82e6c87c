package io.meseta.spark.submit;

import io.meseta.core.resources.Resources;
import io.meseta.spark.ExecutorCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The command lines of a cluster-mode submission. The driver task runs Spark's own SparkSubmit in
 * client mode with {@code spark.driver.host} = its agent's host name (from
 * {@code $SPARK_DRIVER_HOST}, which the supervisor sets per launch); the supervisor task runs
 * {@link DriverSupervisor}. Both use this JVM's classpath, which must exist at the same path on
 * the agents (true for a local cluster; elsewhere install Meseta and Spark at the same paths).
 */
final class DriverLaunch {
  /** Resources of the supervisor task (a small JVM). */
  static final Resources SUPERVISOR = Resources.cpusMem(0.1, 256);
  private static final long DRIVER_OVERHEAD_MB = 384;

  private DriverLaunch() {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This JVM's classpath, each entry absolute (tasks run in their sandboxes). */
  static String classpath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** The driver task's resources: its cores, and its heap plus the usual 384 MB overhead. */
  static Resources driverResources(SubmitArguments a) {
    return Resources.cpusMem(a.driverCores(), a.driverMemoryMb() + DRIVER_OVERHEAD_MB);
  }

  /** The JVM and SparkSubmit arguments of a client-mode driver (this machine or a task). */
  static List<String> driverCommand(SubmitArguments a, List<String> extraJvm, List<String> extraSpark) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-Xmx" + a.driverMemoryMb() + "m");
    cmd.addAll(extraJvm);
    cmd.addAll(List.of("-cp", classpath(), "org.apache.spark.deploy.SparkSubmit", "--master", a.sparkMaster(),
        "--deploy-mode", "client"));
    cmd.addAll(extraSpark);
    List<String> args = new ArrayList<>(a.sparkArgs());
    List<String> app = a.application();
    if (!app.isEmpty() && !app.get(0).contains("://")) {
      // A local application jar: absolute, so the driver task finds it from its sandbox.
      args.set(args.size() - app.size(), Path.of(app.get(0)).toAbsolutePath().toString());
    }
    cmd.addAll(args);
    return cmd;
  }

  /** The shell command of the driver task. */
  static String driverShell(SubmitArguments a) {
    List<String> cmd = driverCommand(a, List.of("-Dmeseta.spark.submission=MESETA_FRAMEWORK_ID",
        "-Djava.io.tmpdir=MESETA_SANDBOX/tmp"),
        List.of("--conf", "spark.driver.host=SPARK_DRIVER_HOST", "--conf", "spark.local.dir=MESETA_SANDBOX/tmp"));
    return "mkdir -p \"$MESETA_SANDBOX/tmp\" && exec " + shell(cmd);
  }

  /** The shell command of the supervisor task. */
  static String supervisorShell() {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx64m", "-XX:+UseSerialGC"));
    String home = System.getProperty("meseta.home");
    if (home != null) {
      cmd.add("-Dlog4j2.configurationFile=" + Path.of(home, "conf", "log4j2.xml"));
    }
    cmd.addAll(List.of("-cp", classpath(), DriverSupervisor.class.getName()));
    return "exec " + shell(cmd);
  }

  /**
   * Quotes each word for {@code sh}; the placeholders MESETA_FRAMEWORK_ID, SPARK_DRIVER_HOST and
   * MESETA_SANDBOX inside a word become the task's environment variables.
   */
  private static String shell(List<String> words) {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      if (b.length() > 0) {
        b.append(' ');
      }
      String q = ExecutorCommand.quote(w);
      for (String v : List.of("MESETA_FRAMEWORK_ID", "SPARK_DRIVER_HOST", "MESETA_SANDBOX")) {
        q = q.replace(v, "'\"$" + v + "\"'");
      }
      b.append(q);
    }
    return b.toString();
  }
}
