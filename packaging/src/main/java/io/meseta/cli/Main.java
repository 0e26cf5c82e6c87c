package io.meseta.cli;

import io.meseta.cli.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/meseta}: one command line with a subcommand per job. */
@Command(name = "meseta", mixinStandardHelpOptions = true, version = "meseta 0.1.0-SNAPSHOT",
    description = "Meseta: a resource layer of master and agents sharing a data center's resources.",
    subcommands = {MasterCommand.class, AgentCommand.class, RunCommand.class, StateCommand.class,
        LocalCommand.class, ZookeeperCommand.class, HdfsCommand.class, TasksCommand.class, LogsCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Meseta's error handling: user errors print one line and exit 2. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      String name = line.getCommandName();
      if (e instanceof ConfigException || e instanceof UsageError || e instanceof IllegalArgumentException) {
        line.getErr().println("meseta " + name + ": " + e.getMessage());
        line.getErr().println("Try 'meseta " + name + " --help'.");
        return 2;
      }
      line.getErr().println("meseta " + name + ": " + e);
      return 1;
    });
    return cl;
  }

  /** A command line that is well-formed but cannot be acted on; the message says why. */
  public static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
      super(message);
    }
  }
}
