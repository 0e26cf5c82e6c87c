package io.meseta.batch.cli;

import io.meseta.batch.client.BatchClient;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.status.JobStatus;
import io.meseta.batch.engine.JobPhase;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meseta batch submit JOB.yaml [--wait]}. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Submits a job spec (YAML, or JSON if the file ends in .json) and prints the job's id.",
        "With --wait, follows the job until it ends (a progress bar on a terminal) and exits 0 only if it succeeded.",
        "A spec the service rejects prints each problem and exits 2; nothing is started then."})
final class SubmitCommand implements Callable<Integer> {
  @Mixin
  ServiceOption service;

  @Spec
  CommandSpec command;

  @Parameters(index = "0", paramLabel = "JOB_SPEC", description = "The job spec file.")
  Path spec;

  @Option(names = "--wait", description = "Wait until the job ends, showing its progress.")
  boolean await;

  @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "With --wait: how often to ask the service (default ${DEFAULT-VALUE}).")
  String interval;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = out();
    Duration every = io.meseta.batch.spec.Durations.flag("--interval", interval);
    if (!Files.isRegularFile(spec)) {
      throw new IllegalArgumentException("no job spec file " + spec);
    }
    BatchClient client = service.client();
    String jobId;
    try {
      jobId = client.submit(spec);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no job spec file " + spec);
    } catch (JobSpecException e) {
      err().println("meseta batch submit: the service rejected " + spec + ":");
      e.problems().forEach(p -> err().println("  " + p));
      return 2;
    }
    out.println(jobId);
    out.flush();
    if (!await) {
      return 0;
    }
    Progress progress = new Progress(out, System.console() != null);
    JobStatus end = client.await(jobId, every, progress::show);
    progress.finish(end);
    return end.phase() == JobPhase.SUCCEEDED ? 0 : 1;
  }

  private java.io.PrintWriter out() {
    return command.commandLine().getOut();
  }

  private java.io.PrintWriter err() {
    return command.commandLine().getErr();
  }
}
