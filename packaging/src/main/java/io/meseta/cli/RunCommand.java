package io.meseta.cli;

import io.meseta.cli.run.CommandTasks;
import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.discovery.MasterAddress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meseta run}: registers a framework and runs N command tasks to completion. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs N copies of a command as tasks, printing their state changes.",
        "Exits 0 only when every task FINISHED (exit status 0)."})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--master", defaultValue = "localhost:5050", description = Masters.FLAG_HELP)
  String master;

  @Option(names = "--name", defaultValue = "meseta-run", description = "Framework name and task id prefix.")
  String name;

  @Option(names = "--role", defaultValue = "*", description = "Role to share resources under (default ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--cpus", defaultValue = "0.1", description = "CPUs per task (default ${DEFAULT-VALUE}).")
  double cpus;

  @Option(names = "--mem", defaultValue = "32", description = "Memory per task in MB (default ${DEFAULT-VALUE}).")
  double mem;

  @Option(names = "--instances", defaultValue = "1", description = "How many tasks (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--timeout", description = "Give up after this long, e.g. 10m (default: wait forever).")
  String timeout;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command, run with /bin/sh -c.")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    MasterAddress address = MasterAddress.parse(master);
    Duration limit = timeout == null ? Duration.ofDays(3650)
        : io.meseta.cli.config.Settings.empty().flag("timeout", timeout).duration("timeout", Duration.ZERO);
    return run(address, name, role, Resources.cpusMem(cpus, mem), instances, String.join(" ", command), limit,
        System.out);
  }

  /**
   * Runs the tasks through a real framework client and prints a summary.
   *
   * @return 0 when every task finished, 1 otherwise
   */
  static int run(MasterAddress master, String name, String role, Resources perTask, int instances, String shell,
      Duration limit, PrintStream out) throws Exception {
    if (instances < 1) {
      throw new IllegalArgumentException("--instances must be at least 1, got " + instances);
    }
    if (!(perTask.cpus() > 0)) {
      throw new IllegalArgumentException("--cpus must be greater than 0");
    }
    CommandTasks tasks = new CommandTasks(name, instances, new CommandInfo().setShell(shell), perTask, out);
    FrameworkInfo info = new FrameworkInfo(name, System.getProperty("user.name", "nobody")).setRole(role);
    FrameworkClient client = FrameworkClient.builder(master, info, tasks).build();
    client.start();
    boolean finished;
    try {
      finished = tasks.await(limit);
    } finally {
      client.stopAndTeardown();
    }
    Map<TaskState, Integer> ended = tasks.ended();
    out.printf("%d of %d tasks finished; %s%s%n", ended.getOrDefault(TaskState.FINISHED, 0), instances, ended,
        finished ? "" : " (timed out)");
    return finished && tasks.succeeded(instances) ? 0 : 1;
  }
}
