package io.meseta.batch.cli;

import io.meseta.batch.client.BatchServiceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/meseta batch ...} and {@code bin/meseta batch-service}: the batch adapter's command
 * line. Wrong flags print what is wrong and the usage, and exit 2; a spec the service rejects
 * prints each problem and exits 2; a service that cannot be reached exits 1.
 */
@Command(name = "meseta", mixinStandardHelpOptions = true, version = "meseta batch 0.1.0-SNAPSHOT",
    description = "Batch jobs on Meseta.",
    subcommands = {BatchMain.Batch.class, ServiceCommand.class, CommandLine.HelpCommand.class})
public final class BatchMain implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with the batch adapter's error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BatchMain());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      String name = line.getCommandSpec().qualifiedName(" ").replaceFirst("^meseta ", "");
      if (e instanceof IllegalArgumentException) {
        line.getErr().println("meseta " + name + ": " + e.getMessage());
        line.getErr().println("Try 'meseta " + name + " --help'.");
        return 2;
      }
      if (e instanceof BatchServiceException) {
        line.getErr().println("meseta " + name + ": " + e.getMessage());
        return 1;
      }
      line.getErr().println("meseta " + name + ": " + e);
      return 1;
    });
    return cl;
  }

  /** {@code meseta batch}: the job commands. */
  @Command(name = "batch", mixinStandardHelpOptions = true,
      description = "Submits, watches and kills batch jobs of a job service (bin/meseta batch-service).",
      subcommands = {SubmitCommand.class, StatusCommand.class, ListCommand.class, KillCommand.class,
          LogsCommand.class})
  public static final class Batch implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.err);
    }
  }
}
