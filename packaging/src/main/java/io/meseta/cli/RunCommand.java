package io.meseta.cli;

import io.meseta.cli.Main.UsageError;
import io.meseta.cli.run.CommandTasks;
import io.meseta.cli.run.InputSplits;
import io.meseta.cli.run.LocalityOptions;
import io.meseta.cli.run.PendingTask;
import io.meseta.client.FrameworkClient;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.discovery.MasterAddress;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitResolutionException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meseta run}: registers a framework and runs N command tasks to completion, or one task
 * per split of its {@code --input}s, each preferring the hosts that hold its split.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs N copies of a command as tasks, printing their state changes.",
        "With --input, runs one task per split (HDFS block, or whole file if not splittable) of the input, "
            + "on the hosts that hold it where possible; each task finds its split in MESETA_SPLIT_PATH, "
            + "MESETA_SPLIT_OFFSET and MESETA_SPLIT_LENGTH, and the end prints how many tasks ran "
            + "node-local, rack-local and elsewhere.",
        "Exits 0 only when every task FINISHED (exit status 0), 2 for a bad command line or input."})
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

  @Option(names = "--instances", description = "How many tasks (default 1; not with --input).")
  Integer instances;

  @Option(names = "--input", paramLabel = "URI", description = {"Input to split into tasks: a file, directory or "
      + "glob, as hdfs://namenode:port/path, hdfs:///path or /path (the last two on fs.defaultFS). Repeatable."})
  List<String> inputs;

  @Option(names = "--hadoop-conf-dir", paramLabel = "DIR",
      description = "Hadoop client configuration for --input (default: $HADOOP_CONF_DIR, else conf/hadoop, else Hadoop's defaults).")
  Path hadoopConfDir;

  @Option(names = "--no-locality", description = "With --input: do not tell the master where the splits are.")
  boolean noLocality;

  @Option(names = "--node-wait", paramLabel = "DURATION",
      description = "With --input: how long to pass up offers not on a split's host, e.g. 1s (default: the master's).")
  String nodeWait;

  @Option(names = "--rack-wait", paramLabel = "DURATION",
      description = "With --input: how much longer to pass up offers not in a split's rack (default: the master's).")
  String rackWait;

  @Option(names = "--timeout", description = "Give up after this long, e.g. 10m (default: wait forever).")
  String timeout;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command, run with /bin/sh -c.")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    MasterAddress address = MasterAddress.parse(master);
    Duration limit = timeout == null ? Duration.ofDays(3650)
        : io.meseta.cli.config.Settings.empty().flag("timeout", timeout).duration("timeout", Duration.ZERO);
    String shell = String.join(" ", command);
    if (inputs == null || inputs.isEmpty()) {
      if (hadoopConfDir != null || noLocality || nodeWait != null || rackWait != null) {
        throw new UsageError("--hadoop-conf-dir, --no-locality, --node-wait and --rack-wait need --input");
      }
      return run(address, name, role, Resources.cpusMem(cpus, mem), instances == null ? 1 : instances, shell, limit,
          System.out);
    }
    if (instances != null) {
      throw new UsageError("--instances and --input exclude each other: with --input there is one task per split");
    }
    io.meseta.cli.config.Settings waits = io.meseta.cli.config.Settings.empty().flag("node-wait", nodeWait)
        .flag("rack-wait", rackWait);
    LocalityOptions locality = noLocality ? LocalityOptions.NONE
        : LocalityOptions.wishes(waits.optionalDuration("node-wait"), waits.optionalDuration("rack-wait"));
    List<Split> splits;
    try {
      splits = InputSplits.resolve(inputs, ConfFiles.hadoopConfDir(hadoopConfDir));
    } catch (InputSplits.BadInputException e) {
      throw new UsageError(e.getMessage());
    } catch (SplitResolutionException e) {
      System.err.println("meseta run: " + e.getMessage());
      return 1;
    }
    return run(address, name, role, Resources.cpusMem(cpus, mem), splits, locality, shell, limit, System.out);
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
    return run(master, name, role, new CommandTasks(name, instances, new CommandInfo().setShell(shell), perTask, out),
        limit, out);
  }

  /**
   * Runs one task per split through a real framework client and prints a summary, with where the
   * tasks ran relative to their splits.
   *
   * @return 0 when every task finished, 1 otherwise
   */
  static int run(MasterAddress master, String name, String role, Resources perTask, List<Split> splits,
      LocalityOptions locality, String shell, Duration limit, PrintStream out) throws Exception {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("the input has no splits (no files)");
    }
    if (!(perTask.cpus() > 0)) {
      throw new IllegalArgumentException("--cpus must be greater than 0");
    }
    out.printf("%d input splits%n", splits.size());
    CommandTasks tasks = new CommandTasks(PendingTask.forSplits(name, splits), new CommandInfo().setShell(shell),
        perTask, locality, out);
    int code = run(master, name, role, tasks, limit, out);
    out.printf("locality: %s (of %d launched)%n", tasks.locality(), tasks.locality().total());
    return code;
  }

  private static int run(MasterAddress master, String name, String role, CommandTasks tasks, Duration limit,
      PrintStream out) throws Exception {
    int instances = tasks.total();
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
    return finished && tasks.succeeded() ? 0 : 1;
  }
}
