package io.meseta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.cli.config.AgentSettings;
import io.meseta.cli.config.Settings;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.logs.LogArchiveException;
import io.meseta.hdfs.logs.LogArchiver;
import io.meseta.hdfs.logs.LogStream;
import io.meseta.protocol.codec.StateJson;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.TaskSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meseta logs TASK_ID}: a task's stdout (or stderr). While the task's agent has its sandbox
 * the file is read from the agent's {@code /files/read} (with {@code -f}, followed until the task
 * ends); once the task or its agent is gone, from the log archive ({@code log_archive_dir} of
 * {@code conf/agent.properties}, or {@code --archive}).
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Prints a task's stdout (or stderr): from its agent while the agent has it, else from the "
        + "log archive the agents copy ended tasks' output to."})
final class LogsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "TASK_ID", description = "The task.")
  String taskId;

  @Option(names = "--framework", paramLabel = "ID", description = "The task's framework (needed only when "
      + "several frameworks have a task of that id).")
  String framework;

  @Option(names = "--stderr", description = "Print stderr instead of stdout.")
  boolean stderr;

  @Option(names = {"-f", "--follow"}, description = "Keep printing what the task writes until it ends.")
  boolean follow;

  @Option(names = "--master", defaultValue = "localhost:5050", description = Masters.FLAG_HELP)
  String master;

  @Option(names = "--archive", paramLabel = "URI", description = "The log archive, e.g. "
      + "hdfs://namenode:8020/meseta/logs (default: log_archive_dir in conf/agent.properties).")
  String archive;

  @Option(names = "--hadoop-conf-dir", paramLabel = "DIR", description = "Hadoop client configuration for the "
      + "archive (default: $HADOOP_CONF_DIR, else conf/hadoop, else Hadoop's defaults).")
  Path hadoopConfDir;

  @Override
  public Integer call() throws Exception {
    io.meseta.core.ids.TaskId.of(taskId); // a malformed id is a usage error, named
    LogStream stream = stderr ? LogStream.STDERR : LogStream.STDOUT;
    PrintStream out = System.out;
    Optional<ClusterStateResponse> state = Optional.empty();
    String masterProblem = null;
    try {
      state = Optional.of(StateCommand.fetch(master, false));
    } catch (Main.UsageError e) {
      masterProblem = e.getMessage();
    }
    Optional<TaskSummary> task = state.isPresent() ? find(state.get()) : Optional.empty();
    long offset = 0;
    String agentProblem = null;
    if (task.isPresent()) {
      Optional<AgentSummary> agent = state.get().getAgents().stream()
          .filter(a -> a.getAgentId().equals(task.get().getAgentId())).findFirst();
      if (agent.isEmpty()) {
        agentProblem = "its agent " + task.get().getAgentId() + " is gone";
      } else if (StateJson.httpAddress(agent.get()) == null) {
        agentProblem = "its agent " + agent.get().getAgentId() + " serves no HTTP";
      } else {
        AgentFiles files = new AgentFiles(StateJson.httpAddress(agent.get()), task.get().getFrameworkId(), taskId,
            stream.fileName());
        try {
          files.copy(out, follow);
          return 0;
        } catch (AgentFiles.Unavailable e) {
          agentProblem = e.getMessage();
          offset = e.copied();
        }
      }
    }
    String fromMaster = masterProblem != null ? masterProblem
        : task.isEmpty() ? "the master at " + master + " does not know task " + taskId
            + (framework == null ? "" : " of framework " + framework)
        : agentProblem;
    copyFromArchive(task.map(TaskSummary::getFrameworkId), stream, offset, out, fromMaster);
    return 0;
  }

  /** The task in the master's state; several frameworks with that task id need --framework. */
  private Optional<TaskSummary> find(ClusterStateResponse state) throws Main.UsageError {
    List<TaskSummary> matches = state.getTasks().stream().filter(t -> t.getTaskId().equals(taskId))
        .filter(t -> framework == null || t.getFrameworkId().equals(framework)).toList();
    if (matches.size() > 1) {
      throw new Main.UsageError("frameworks " + matches.stream().map(TaskSummary::getFrameworkId).distinct().toList()
          + " each have a task " + taskId + ": pick one with --framework");
    }
    return matches.stream().findFirst();
  }

  private void copyFromArchive(Optional<String> knownFramework, LogStream stream, long offset, PrintStream out,
      String whyNotAgent) throws Exception {
    Optional<URI> root = archiveRoot();
    if (root.isEmpty()) {
      throw new Main.UsageError("cannot show the " + stream.fileName() + " of task " + taskId + ": " + whyNotAgent
          + ", and no log archive is configured (log_archive_dir in conf/agent.properties, or --archive)");
    }
    Optional<Path> confDir = ConfFiles.hadoopConfDir(hadoopConfDir);
    try (HadoopFileSystems fs = new HadoopFileSystems(HadoopConf.load(confDir))) {
      LogArchiver archiver = new LogArchiver(fs);
      String fw = knownFramework.or(() -> Optional.ofNullable(framework)).orElse(null);
      if (fw == null) {
        List<String> found = archiver.frameworksOf(root.get(), taskId);
        if (found.isEmpty()) {
          throw new Main.UsageError("neither the master nor the log archive has task " + taskId + ": "
              + whyNotAgent + ", and " + root.get() + " holds no output of it");
        }
        if (found.size() > 1) {
          throw new Main.UsageError("the log archive " + root.get() + " has output of task " + taskId
              + " from frameworks " + found + ": pick one with --framework");
        }
        fw = found.get(0);
      }
      try (InputStream in = archiver.open(root.get(), fw, taskId, stream, offset)) {
        in.transferTo(out);
        out.flush();
      } catch (LogArchiveException e) {
        throw new Main.UsageError("cannot show the " + stream.fileName() + " of task " + taskId + ": " + whyNotAgent
            + ", and " + e.getMessage());
      }
    }
  }

  /** {@code --archive}, else {@code log_archive_dir} of the agents' config file. */
  private Optional<URI> archiveRoot() throws Exception {
    String text = archive;
    if (text == null) {
      Settings agentConf = ConfFiles.load(null, "agent.properties", AgentSettings.KEYS);
      text = agentConf.string("log_archive_dir").orElse(null);
    }
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(io.meseta.slave.AgentConfig.parseArchiveDir(text));
  }

  /**
   * Reads a task's sandbox file through its agent's {@code GET /files/read} (see the agent's
   * {@code AgentHttp}): chunk after chunk from offset 0 to the end, or, following, until the agent
   * says the file is complete (the task ended).
   */
  static final class AgentFiles {
    private static final int CHUNK = 256 * 1024;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** The agent cannot serve the file (gone, unreachable, or without the sandbox); {@link #copied} bytes were. */
    static final class Unavailable extends Exception {
      private static final long serialVersionUID = 1L;
      private final long copied;

      Unavailable(String message, long copied) {
        super(message);
        this.copied = copied;
      }

      long copied() {
        return copied;
      }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String agent;
    private final String base;

    AgentFiles(String agentHttp, String frameworkId, String taskId, String file) {
      this.agent = agentHttp;
      this.base = "http://" + agentHttp + "/files/read?framework=" + enc(frameworkId) + "&task=" + enc(taskId)
          + "&file=" + enc(file) + "&length=" + CHUNK;
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Copies the file to {@code out}; with {@code follow}, until the task has ended and all of it is out. */
    void copy(PrintStream out, boolean follow) throws Unavailable, InterruptedException {
      long offset = 0;
      while (true) {
        HttpResponse<byte[]> r;
        try {
          r = http.send(HttpRequest.newBuilder(URI.create(base + "&offset=" + offset)).timeout(TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          throw new Unavailable("its agent at " + agent + " cannot be reached (" + e.getMessage() + ")", offset);
        }
        if (r.statusCode() != 200) {
          throw new Unavailable("its agent at " + agent + " answered " + r.statusCode() + ": " + error(r.body()),
              offset);
        }
        byte[] data = r.body();
        out.write(data, 0, data.length);
        out.flush();
        offset += data.length;
        boolean eof = Boolean.parseBoolean(r.headers().firstValue("Meseta-Eof").orElse("true"));
        boolean complete = Boolean.parseBoolean(r.headers().firstValue("Meseta-Complete").orElse("true"));
        if (eof && (!follow || complete)) {
          return;
        }
        if (eof) {
          Thread.sleep(POLL.toMillis()); // following a running task: wait for it to write more
        }
      }
    }

    private static String error(byte[] body) {
      try {
        return new ObjectMapper().readTree(body).path("error").asText(new String(body, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return new String(body, StandardCharsets.UTF_8);
      }
    }
  }
}

