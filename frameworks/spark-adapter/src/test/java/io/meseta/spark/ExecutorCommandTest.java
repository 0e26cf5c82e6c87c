package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorCommandTest {
  private final ExecutorCommand command = new ExecutorCommand("/opt/java/bin/java", List.of("--add-opens=a/b=ALL"),
      512, List.of("-XX:+UseG1GC", "-Dx=it's"), List.of("-Dspark.rpc.askTimeout=10s"), "/spark/jars/*",
      "spark://CoarseGrainedScheduler@10.0.0.1:40000", "7", "host2.example", 2, "M.1-F000003");

  @Test
  void theExecutorGetsItsIdHostCoresAndApp() {
    assertEquals(List.of("--driver-url", "spark://CoarseGrainedScheduler@10.0.0.1:40000", "--executor-id", "7",
        "--hostname", "host2.example", "--cores", "2", "--app-id", "M.1-F000003", "--resourceProfileId", "0"),
        command.executorArguments());
  }

  @Test
  void moduleOptionsThenHeapThenTheUsersOptions() {
    assertEquals(List.of("--add-opens=a/b=ALL", "-Xmx512m", "-XX:+UseG1GC", "-Dx=it's", "-Dspark.rpc.askTimeout=10s"),
        command.jvmOptions());
  }

  @Test
  void theShellCommandQuotesEveryWordAndExecsJavaWithTheSandboxTmp() {
    String shell = command.shell();
    assertTrue(shell.startsWith("mkdir -p \"$MESETA_SANDBOX/tmp\" && export SPARK_EXECUTOR_DIRS=\"$MESETA_SANDBOX/tmp\""
        + " && exec '/opt/java/bin/java' "), shell);
    assertTrue(shell.contains("'-Dx=it'\"'\"'s'"), shell);
    assertTrue(shell.contains(" \"-Djava.io.tmpdir=$MESETA_SANDBOX/tmp\" -cp '/spark/jars/*' "
        + ExecutorCommand.MAIN_CLASS + " '--driver-url'"), shell);
  }

  @Test
  void aClasspathInTheSandboxIsExpandedByTheShellButNotGlobbed() {
    ExecutorCommand c = new ExecutorCommand("java", List.of(), 512, List.of(), List.of(), "$MESETA_SANDBOX/jars/*",
        "spark://CoarseGrainedScheduler@h:1", "1", "h", 1, "app");
    assertTrue(c.shell().contains(" -cp ''\"$MESETA_SANDBOX\"'/jars/*' " + ExecutorCommand.MAIN_CLASS), c.shell());
  }
}
