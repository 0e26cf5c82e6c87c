package io.meseta.batch.framework;

import io.meseta.batch.engine.Attempt;
import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.PlannedTask;
import io.meseta.batch.spec.Program;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.CommandUri;
import io.meseta.protocol.thrift.TaskInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Meseta task of one attempt: a shell command as given, or for a Java program
 * {@code java JVM_OPTIONS -cp JARS MAIN ARGS} with each classpath URI fetched into the sandbox
 * (agents cache fetches) under its last path segment.
 */
public final class TaskCommands {
  private TaskCommands() {}

  public static TaskInfo taskInfo(JobPlan plan, PlannedTask task, Attempt attempt, String agentId) {
    Map<String, String> env = TaskEnvironment.of(plan, task, attempt);
    CommandInfo command = new CommandInfo().setEnvironment(env);
    if (task.spec().program() instanceof Program.Shell sh) {
      command.setShell(sh.command());
    } else if (task.spec().program() instanceof Program.Java j) {
      List<CommandUri> uris = new ArrayList<>();
      List<String> jars = new ArrayList<>();
      for (String entry : j.classpath()) {
        String name = fileName(entry);
        uris.add(new CommandUri(entry).setOutputFile(name));
        jars.add(name);
      }
      command.setUris(uris).setShell(javaCommand(j, jars));
    }
    TaskInfo info = new TaskInfo(attempt.taskId(), plan.spec().name() + ":" + task.key(), agentId,
        ResourceCodec.toWire(task.spec().resources().toResources()), command);
    info.setLabels(Map.of("meseta.batch.job", plan.jobId(), "meseta.batch.task", task.key()));
    return info;
  }

  static String javaCommand(Program.Java j, List<String> jars) {
    StringBuilder sb = new StringBuilder("exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\"");
    j.jvmOptions().forEach(o -> sb.append(' ').append(quote(o)));
    if (!jars.isEmpty()) {
      sb.append(" -cp ").append(quote(String.join(":", jars)));
    }
    sb.append(' ').append(quote(j.mainClass()));
    j.args().forEach(a -> sb.append(' ').append(quote(a)));
    return sb.toString();
  }

  /** A single-quoted shell word. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String fileName(String uri) {
    String path = URI.create(uri).getPath();
    String name = path == null ? uri : path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "classpath-entry" : name;
  }
}
