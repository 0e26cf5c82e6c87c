package io.meseta.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shell command of one executor task. The agent runs it with {@code sh -c} in the task's
 * sandbox; it makes {@code $MESETA_SANDBOX/tmp} the executor's temporary and local directory and
 * then {@code exec}s the JVM, so the task's process is the executor itself:
 * <pre>
 * java MODULE-OPTIONS -Xmx&lt;heap&gt;m EXTRA-JAVA-OPTIONS STARTUP-CONFS -Djava.io.tmpdir=$MESETA_SANDBOX/tmp
 *   -cp CLASSPATH org.apache.spark.executor.CoarseGrainedExecutorBackend --driver-url URL
 *   --executor-id ID --hostname AGENT-HOST --cores N --app-id APP --resourceProfileId 0
 * </pre>
 *
 * @param javaBinary     the {@code java} to run
 * @param moduleOptions  Spark's {@code JavaModuleOptions.defaultModuleOptionArray()}
 * @param heapMb         {@code -Xmx}
 * @param extraJavaOptions {@code spark.executor.extraJavaOptions}, already split
 * @param startupConfs   {@code -Dkey=value} of the confs an executor needs before it reaches the driver
 * @param classpath      the executor's {@code -cp}
 * @param driverUrl      {@code spark://CoarseGrainedScheduler@HOST:PORT}
 * @param executorId     Spark's executor id
 * @param hostname       the agent's host name, which the executor binds and reports
 * @param cores          the executor's cores
 * @param appId          the application id
 */
public record ExecutorCommand(String javaBinary, List<String> moduleOptions, long heapMb, List<String> extraJavaOptions,
    List<String> startupConfs, String classpath, String driverUrl, String executorId, String hostname, int cores,
    String appId) {

  public static final String MAIN_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final String TMP = "\"$MESETA_SANDBOX/tmp\"";

  public ExecutorCommand {
    Objects.requireNonNull(javaBinary, "javaBinary");
    moduleOptions = List.copyOf(moduleOptions);
    extraJavaOptions = List.copyOf(extraJavaOptions);
    startupConfs = List.copyOf(startupConfs);
    Objects.requireNonNull(classpath, "classpath");
    Objects.requireNonNull(driverUrl, "driverUrl");
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(appId, "appId");
  }

  /** The JVM's arguments after {@code java}, up to the temporary directory option. */
  public List<String> jvmOptions() {
    List<String> args = new ArrayList<>(moduleOptions);
    args.add("-Xmx" + heapMb + "m");
    args.addAll(extraJavaOptions);
    args.addAll(startupConfs);
    return args;
  }

  /** The executor's own arguments, after the main class. */
  public List<String> executorArguments() {
    return List.of("--driver-url", driverUrl, "--executor-id", executorId, "--hostname", hostname,
        "--cores", Integer.toString(cores), "--app-id", appId, "--resourceProfileId", "0");
  }

  /** The command for {@code sh -c}. */
  public String shell() {
    StringBuilder b = new StringBuilder();
    b.append("mkdir -p ").append(TMP).append(" && export SPARK_EXECUTOR_DIRS=").append(TMP)
        .append(" && exec ").append(quote(javaBinary));
    jvmOptions().forEach(a -> b.append(' ').append(quote(a)));
    b.append(" \"-Djava.io.tmpdir=$MESETA_SANDBOX/tmp\"");
    // The classpath may name the sandbox (an unpacked spark.meseta.archive): let the shell expand it.
    b.append(" -cp ").append(quote(classpath).replace(MesetaSettings.SANDBOX, "'\"" + MesetaSettings.SANDBOX + "\"'"))
        .append(' ').append(MAIN_CLASS);
    executorArguments().forEach(a -> b.append(' ').append(quote(a)));
    return b.toString();
  }

  /** {@code s} as one single-quoted shell word. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
