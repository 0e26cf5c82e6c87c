package io.meseta.batch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meseta batch kill JOB}. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Kills every running task of a job and launches nothing more of it. Exits 1 for an unknown job.")
final class KillCommand implements Callable<Integer> {
  @Mixin
  ServiceOption service;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String job;

  @Override
  public Integer call() throws Exception {
    if (!service.client().kill(job)) {
      err().println("meseta batch kill: the service has no job " + job);
      return 1;
    }
    out().println("killing " + job);
    return 0;
  }

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
