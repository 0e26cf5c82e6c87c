package io.meseta.batch.cli;

import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.status.JobStatus;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meseta batch status JOB}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Prints a job's phase, its task counts, where its data tasks ran, and each task. Exits 1 for an unknown job.")
final class StatusCommand implements Callable<Integer> {
  @Mixin
  ServiceOption service;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String job;

  @Override
  public Integer call() throws Exception {
    Optional<JobStatus> s = service.client().status(job);
    if (s.isEmpty()) {
      err().println("meseta batch status: the service has no job " + job);
      return 1;
    }
    out().println(s.get().summary());
    out().printf("%-28s %-9s %8s  %-16s %-11s %s%n", "TASK", "PHASE", "ATTEMPTS", "HOST", "PLACEMENT", "MESSAGE");
    for (TaskRecord t : s.get().tasks()) {
      out().printf("%-28s %-9s %8d  %-16s %-11s %s%n", t.key(), t.phase(), t.attempts(), t.host().orElse("-"),
          t.placement().map(Enum::name).orElse("-"), t.message().orElse(""));
    }
    return 0;
  }

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
