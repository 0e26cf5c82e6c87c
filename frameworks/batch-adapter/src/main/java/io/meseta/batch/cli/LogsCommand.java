package io.meseta.batch.cli;

import io.meseta.batch.client.TaskLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meseta batch logs JOB TASK}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Shows where a task's latest attempt ran and prints its stdout (or --stderr).",
        "The log is read from the agent's sandbox, AGENT_WORK_DIR/sandboxes/FRAMEWORK_ID/TASK_ID/, when one of the "
            + "--agent-work-dir directories holds it (agents on this machine); otherwise the command prints where it is."})
final class LogsCommand implements Callable<Integer> {
  @Mixin
  ServiceOption service;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String job;

  @Parameters(index = "1", paramLabel = "TASK", description = "The task key, e.g. count.00003 or merge.sum.")
  String task;

  @Option(names = "--stderr", description = "Print stderr instead of stdout.")
  boolean stderr;

  @Option(names = "--agent-work-dir", paramLabel = "DIR", description = "An agent work directory to look in (repeatable).")
  List<Path> agentWorkDirs = List.of();

  @Override
  public Integer call() throws Exception {
    Optional<TaskLocation> loc = service.client().task(job, task);
    if (loc.isEmpty()) {
      err().println("meseta batch logs: the service has no task " + task + " in job " + job);
      return 1;
    }
    TaskLocation l = loc.get();
    if (l.mesetaTaskId().isEmpty() || l.frameworkId().isEmpty()) {
      err().println("meseta batch logs: task " + task + " has not run (" + l.task().phase() + ")");
      return 1;
    }
    String file = stderr ? "stderr" : "stdout";
    Path relative = Path.of("sandboxes", l.frameworkId().get(), l.mesetaTaskId().get(), file);
    for (Path dir : agentWorkDirs) {
      Path p = dir.resolve(relative);
      if (Files.isRegularFile(p)) {
        out().print(Files.readString(p));
        out().flush();
        return 0;
      }
    }
    err().println("meseta batch logs: attempt " + l.task().attempts() + " of " + task + " ran on "
        + l.task().host().orElse("?") + "; its " + file + " is AGENT_WORK_DIR/" + relative + " there"
        + (agentWorkDirs.isEmpty() ? " (pass --agent-work-dir to read it from this machine)" : ""));
    return 1;
  }

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
