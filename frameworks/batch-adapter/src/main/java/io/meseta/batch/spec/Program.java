package io.meseta.batch.spec;

import java.util.List;
import java.util.Objects;

/** What a task runs: a shell command, or a Java main class with its classpath. */
public sealed interface Program permits Program.Shell, Program.Java {

  /** {@code command: "..."}: run with {@code /bin/sh -c}. */
  record Shell(String command) implements Program {
    public Shell {
      Objects.requireNonNull(command, "command");
    }
  }

  /**
   * {@code java: {mainClass, classpath, args, jvmOptions}}: the classpath entries are URIs (hdfs://,
   * http(s)://, file://) that the agent fetches into the sandbox (and caches); the task runs
   * {@code java JVM_OPTIONS -cp FETCHED... MAIN_CLASS ARGS}.
   */
  record Java(String mainClass, List<String> classpath, List<String> args, List<String> jvmOptions)
      implements Program {
    public Java {
      Objects.requireNonNull(mainClass, "mainClass");
      classpath = List.copyOf(classpath);
      args = List.copyOf(args);
      jvmOptions = List.copyOf(jvmOptions);
    }
  }
}
