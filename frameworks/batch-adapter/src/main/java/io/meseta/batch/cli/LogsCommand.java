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
    description = {"Prints the stdout (or --stderr) of a task's latest attempt.",
        "It is read as 'bin/meseta logs' reads it: from the task's agent through the master while the agent has it, "
            + "else from the agents' HDFS log archive; or from AGENT_WORK_DIR/sandboxes/FRAMEWORK_ID/TASK_ID/ when "
            + "one of the --agent-work-dir directories holds it."})
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

  @Option(names = {"-f", "--follow"}, description = "Keep printing what a running attempt writes until it ends.")
  boolean follow;

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
    Optional<String> home = Optional.ofNullable(System.getProperty("meseta.home"));
    if (home.isPresent() && l.master().isPresent()) {
      return throughMaster(Path.of(home.get(), "bin", "meseta"), l);
    }
    err().println("meseta batch logs: attempt " + l.task().attempts() + " of " + task + " ran on "
        + l.task().host().orElse("?") + "; its " + file + " is AGENT_WORK_DIR/" + relative + " there"
        + (agentWorkDirs.isEmpty() ? " (pass --agent-work-dir to read it from this machine)" : ""));
    return 1;
  }

  /** Runs {@code bin/meseta logs} for the attempt's Meseta task, copying its output and exit status. */
  private int throughMaster(Path meseta, TaskLocation l) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(meseta.toString(), "logs", l.mesetaTaskId().get(),
        "--framework", l.frameworkId().get(), "--master", l.master().get()));
    if (stderr) {
      command.add("--stderr");
    }
    if (follow) {
      command.add("--follow");
    }
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    Thread errors = new Thread(() -> copy(p.getErrorStream(), err()), "batch-logs-stderr");
    errors.start();
    copy(p.getInputStream(), out());
    int exit = p.waitFor();
    errors.join();
    return exit;
  }

  private static void copy(java.io.InputStream in, java.io.PrintWriter to) {
    try (java.io.Reader r = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
      r.transferTo(to);
      to.flush();
    } catch (java.io.IOException e) {
      to.println("(output cut short: " + e.getMessage() + ")");
    }
  }

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
