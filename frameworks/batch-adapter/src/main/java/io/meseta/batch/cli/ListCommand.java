package io.meseta.batch.cli;

import io.meseta.batch.status.JobStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** {@code meseta batch list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the service's jobs, oldest first.")
final class ListCommand implements Callable<Integer> {
  @Mixin
  ServiceOption service;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    out().printf("%-36s %-10s %s%n", "JOB", "PHASE", "PROGRESS");
    for (JobStatus s : service.client().list()) {
      out().printf("%-36s %-10s %s%n", s.jobId(), s.phase(), Progress.bar(s));
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
