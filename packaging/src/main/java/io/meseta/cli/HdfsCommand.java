package io.meseta.cli;

import io.meseta.cli.Main.UsageError;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FsShell;
import org.apache.hadoop.util.ToolRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meseta hdfs ARGS...}: Hadoop's own file system shell ({@code hadoop fs}) against the
 * configured HDFS, so trying Meseta needs no Hadoop installation. Everything from the first
 * argument that is not {@code --conf-dir} on goes to the shell unchanged (options such as
 * {@code -ls -h} included), and its exit code is this command's.
 */
@Command(name = "hdfs", modelTransformer = HdfsCommand.PassThrough.class,
    description = {"Runs Hadoop's file system shell (hadoop fs) against the configured HDFS, e.g.",
        "  meseta hdfs -put FILE /data/    meseta hdfs -ls -R /    meseta hdfs -help",
        "Hadoop's generic options work too (-fs hdfs://namenode:port, -D key=value).",
        "Exits with the shell's exit code."})
final class HdfsCommand implements Callable<Integer> {
  @Option(names = "--conf-dir", paramLabel = "DIR",
      description = "Hadoop client configuration directory (default: $HADOOP_CONF_DIR, else conf/hadoop, else Hadoop's defaults).")
  Path confDir;

  @Option(names = "--help", usageHelp = true, description = "Show this help (the shell's own help: -help).")
  boolean help;

  @Parameters(paramLabel = "ARGS", description = "Arguments for the file system shell.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    HadoopConf conf;
    try {
      conf = HadoopConf.load(ConfFiles.hadoopConfDir(confDir));
    } catch (HadoopConfigException e) {
      throw new UsageError(e.getMessage());
    }
    // ToolRunner applies the generic options and returns the shell's code; FsShell reports its
    // own errors (a missing file, an unreachable name node) on stderr.
    return ToolRunner.run(conf.toConfiguration(), new FsShell(), args.toArray(new String[0]));
  }

  /** Hands every argument from the first one this command does not know on to the shell. */
  static final class PassThrough implements CommandLine.IModelTransformer {
    @Override
    public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
      spec.parser().unmatchedOptionsArePositionalParams(true).stopAtPositional(true);
      return spec;
    }
  }
}
