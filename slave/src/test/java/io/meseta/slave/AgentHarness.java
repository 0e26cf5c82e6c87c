package io.meseta.slave;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.Command;
import io.meseta.core.task.TaskSpec;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.AgentAcknowledgeRequest;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.LaunchTasksRequest;
import io.meseta.protocol.thrift.StatusUpdateRequest;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.slave.containerizer.ProcessProbe;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.thrift.TException;

/**
 * One agent under test, a {@link FakeMaster} it registers with, and a real {@link AgentService}
 * client standing in for the master's calls to the agent. Closing it closes the client first (an
 * open connection would hold up the agent's server), then the agent (killing its tasks), then the
 * master, and finally SIGKILLs any process a test recorded that is somehow still running.
 */
final class AgentHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String FW = "fw-1";
  static final String HOSTNAME = "agent-host-1";
  static final Resources RESOURCES = Resources.parse("cpus:2;mem:512;disk:1024;ports:[31000-31009]");

  final FakeMaster master;
  final Path workDir;
  final Agent agent;
  final String agentId;
  private final AgentConfig config;
  private final RpcChannel channel;
  final AgentService.Client client;
  private final List<Long> pids;

  private AgentHarness(FakeMaster master, AgentConfig config, Agent agent, String agentId, RpcChannel channel,
      List<Long> pids) {
    this.master = master;
    this.workDir = config.workDir();
    this.config = config;
    this.agent = agent;
    this.agentId = agentId;
    this.channel = channel;
    this.client = channel.client(mesetaConstants.AGENT_SERVICE, AgentService.Client::new);
    this.pids = pids;
  }

  static AgentHarness start(Path workDir) throws Exception {
    return start(workDir, UnaryOperator.identity());
  }

  /** Starts a master and an agent (configured for quick tests, then by {@code tweak}) and waits for registration. */
  static AgentHarness start(Path workDir, UnaryOperator<AgentConfig.Builder> tweak) throws Exception {
    FakeMaster master = FakeMaster.start();
    try {
      return start(master, master.address(), workDir, tweak);
    } catch (Exception | Error e) {
      master.close();
      throw e;
    }
  }

  /**
   * Starts an agent configured with the master address {@code configured} and waits until it has
   * registered (with {@code master}, which the harness owns from now on, or wherever it was sent).
   */
  static AgentHarness start(FakeMaster master, HostPort configured, Path workDir,
      UnaryOperator<AgentConfig.Builder> tweak) throws Exception {
    return start(master, tweak.apply(AgentConfig.builder(configured, workDir)
        .bindHost("127.0.0.1")
        .port(0)
        .httpPort(0)
        .hostname(HOSTNAME)
        .resources(RESOURCES)
        .attributes(Map.of("rack", "r1"))
        .killGracePeriod(Duration.ofMillis(500))
        .statusUpdateRetry(Duration.ofMillis(200), Duration.ofSeconds(1))
        .registrationBackoffMax(Duration.ofMillis(200))
        .killTasksOnClose(true)
        .isolation(Isolation.HOST_PIDS)
        .cgroupParent(Isolation.cgroupParent())).build(), new ArrayList<>());
  }

  private static AgentHarness start(FakeMaster master, AgentConfig config, List<Long> pids) throws Exception {
    Agent agent = Agent.start(config);
    try {
      String id = agent.awaitRegistered(WAIT);
      RpcChannel channel = RpcChannel.open(new HostPort("127.0.0.1", agent.port()), RpcLimits.DEFAULT);
      return new AgentHarness(master, config, agent, id, channel, pids);
    } catch (Exception | Error e) {
      agent.close();
      throw e;
    }
  }

  /**
   * Crashes the agent ({@link Agent#crash()}: its tasks keep running, its work directory stays as
   * it is) and returns a harness around a new agent started on the same work directory, with the
   * same configuration and master, once that agent has registered. Use only the returned harness.
   */
  AgentHarness crashAndRestart() throws Exception {
    crash();
    return restart();
  }

  /** Crashes the agent, leaving the master up; follow with {@link #restart()}. */
  void crash() {
    channel.close();
    agent.crash();
  }

  /** A harness around a new agent on this (crashed) agent's work directory, once it has registered. */
  AgentHarness restart() throws Exception {
    return start(master, config, pids);
  }

  /** A task for this agent running {@code shell}. */
  TaskInfo task(String taskId, String shell) {
    return task(agentId, taskId, shell);
  }

  /** A task for agent {@code agentId} running {@code shell}. */
  static TaskInfo task(String agentId, String taskId, String shell) {
    return TaskCodec.toWire(new TaskSpec(TaskId.of(taskId), taskId, AgentId.of(agentId),
        Resources.parse("cpus:0.1;mem:16"), Command.shell(shell), Map.of(), Optional.empty()));
  }

  /** A task for this agent with {@code resources} (text form) running {@code command}. */
  TaskInfo task(String taskId, String resources, Command command) {
    return TaskCodec.toWire(new TaskSpec(TaskId.of(taskId), taskId, AgentId.of(agentId), Resources.parse(resources),
        command, Map.of(), Optional.empty()));
  }

  /** Launches as a master would for a framework whose {@code FrameworkInfo.user} is {@code user}. */
  void launchAs(String user, TaskInfo... tasks) throws TException {
    client.launchTasks(launchRequest(tasks).setFramework(new FrameworkInfo("fw", user)));
  }

  static LaunchTasksRequest launchRequest(TaskInfo... tasks) {
    return new LaunchTasksRequest().setFrameworkId(FW).setTasks(List.of(tasks)).setMasterId(FakeMaster.MASTER_ID);
  }

  void launch(TaskInfo... tasks) throws TException {
    client.launchTasks(launchRequest(tasks));
  }

  Path sandbox(String taskId) {
    return workDir.resolve("sandboxes").resolve(FW).resolve(taskId);
  }

  /** Waits for the pid a task wrote to {@code file} in its sandbox; it is killed on close if still running. */
  long awaitPid(String taskId, String file) {
    long pid = Await.value("task " + taskId + " writes its pid to " + file, WAIT,
        () -> ProcessProbe.pidIn(sandbox(taskId).resolve(file)), Optional::isPresent).orElseThrow();
    synchronized (pids) {
      pids.add(pid);
    }
    return pid;
  }

  /** The first update of {@code taskId} in {@code state} the master received, once it arrives. */
  TaskStatus awaitUpdate(String taskId, TaskState state) {
    return Await.value("the master receives " + state + " of task " + taskId, WAIT,
        () -> updatesOf(taskId).stream().filter(s -> s.getState() == state).findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  /** Every update of {@code taskId} received, resends included. */
  List<TaskStatus> updatesOf(String taskId) {
    List<TaskStatus> out = new ArrayList<>();
    for (StatusUpdateRequest r : master.updates()) {
      if (r.getStatus().getTaskId().equals(taskId)) {
        out.add(r.getStatus());
      }
    }
    return out;
  }

  void ack(TaskStatus status) throws TException {
    client.acknowledgeUpdate(new AgentAcknowledgeRequest(FW, status.getTaskId(), status.getUpdateId()));
  }

  /** Waits for each state in turn and acknowledges it, as a master forwarding acknowledgements would. */
  List<TaskStatus> ackThrough(String taskId, TaskState... states) throws TException {
    List<TaskStatus> out = new ArrayList<>();
    for (TaskState state : states) {
      TaskStatus s = awaitUpdate(taskId, state);
      ack(s);
      out.add(s);
    }
    return out;
  }

  /**
   * Acknowledges every update of {@code taskId} as it arrives, as a master would, until one in
   * {@code state} has arrived (and been acknowledged); returns that one.
   */
  TaskStatus ackUntil(String taskId, TaskState state) {
    java.util.Set<String> acked = new java.util.HashSet<>();
    return Await.value("the master receives " + state + " of task " + taskId + " (acknowledging the updates before)",
        WAIT, () -> {
          for (TaskStatus s : updatesOf(taskId)) {
            if (acked.add(s.getUpdateId())) {
              try {
                ack(s);
              } catch (TException e) {
                throw new AssertionError("cannot acknowledge " + s, e);
              }
            }
            if (s.getState() == state) {
              return Optional.of(s);
            }
          }
          return Optional.<TaskStatus>empty();
        }, Optional::isPresent).orElseThrow();
  }

  /** Closes the client and the agent (which kills its tasks), leaving the master up. */
  void closeAgent() {
    channel.close();
    agent.close();
  }

  @Override
  public void close() {
    try {
      closeAgent();
      master.close();
    } finally {
      synchronized (pids) {
        pids.forEach(ProcessProbe::killQuietly);
      }
    }
  }
}
