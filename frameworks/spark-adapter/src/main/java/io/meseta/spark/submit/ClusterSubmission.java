package io.meseta.spark.submit;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.MasterDetector;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.FrameworkSummary;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.thrift.TaskSummary;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cluster mode: a submission is a Meseta framework whose first task, {@code supervisor}, runs
 * {@link DriverSupervisor}, which launches the driver tasks. Its id is the framework id.
 */
final class ClusterSubmission {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ClusterSubmission() {}

  /** Registers the submission, launches its supervisor, prints the id; exit code 0 once the supervisor runs. */
  static int submit(SubmitArguments a, PrintStream out) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(DriverSupervisor.MASTER, a.master().toString());
    env.put(DriverSupervisor.NAME, "spark-submit: " + a.name());
    env.put(DriverSupervisor.ROLE, a.role());
    env.put(DriverSupervisor.USER, System.getProperty("user.name"));
    env.put(DriverSupervisor.DRIVER_COMMAND, DriverLaunch.driverShell(a));
    env.put(DriverSupervisor.DRIVER_RESOURCES, DriverLaunch.driverResources(a).toString());
    env.put(DriverSupervisor.SUPERVISE, Boolean.toString(a.supervise()));
    CompletableFuture<TaskStatus> started = new CompletableFuture<>();
    Scheduler launcher = new Scheduler() {
      private boolean launched;

      @Override
      public synchronized void resourceOffers(FrameworkClient c, List<Offer> offers) {
        List<String> unused = new ArrayList<>();
        for (Offer o : offers) {
          if (!launched && ResourceCodec.fromWire(o.getResources()).contains(DriverLaunch.SUPERVISOR)) {
            CommandInfo cmd = new CommandInfo().setShell(DriverLaunch.supervisorShell()).setEnvironment(env);
            c.accept(List.of(o.getOfferId()), List.of(new TaskInfo("supervisor", "spark driver supervisor",
                o.getAgentId(), ResourceCodec.toWire(DriverLaunch.SUPERVISOR), cmd)), new Filters());
            launched = true;
          } else {
            unused.add(o.getOfferId());
          }
        }
        if (!unused.isEmpty()) {
          c.decline(unused, new Filters().setRefuseSeconds(launched ? 600 : 1));
        }
      }

      @Override
      public void statusUpdate(FrameworkClient c, TaskStatus s) {
        if (s.getState() != TaskState.STAGING && s.getState() != TaskState.STARTING) {
          started.complete(s);
        }
      }
    };
    FrameworkInfo info = new FrameworkInfo(env.get(DriverSupervisor.NAME), env.get(DriverSupervisor.USER))
        .setRole(a.role());
    FrameworkClient client = FrameworkClient.builder(a.master(), info, launcher)
        .failoverTimeout(DriverSupervisor.RETENTION).build();
    client.start();
    try {
      String id = client.awaitRegistered(WAIT);
      TaskStatus s = started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (s.getState() != TaskState.RUNNING) {
        client.stopAndTeardown();
        throw new IllegalStateException("the driver supervisor of " + id + " ended " + s.getState() + ": "
            + s.getMessage());
      }
      out.println("submission id: " + id);
      out.println("status: bin/meseta spark-submit --master " + a.master() + " --status " + id);
      return 0;
    } catch (java.util.concurrent.TimeoutException e) {
      client.stopAndTeardown();
      throw new IllegalStateException("no agent took the submission's supervisor (" + DriverLaunch.SUPERVISOR
          + ") within " + WAIT.toSeconds() + " s", e);
    } finally {
      client.stop();
    }
  }

  /** Prints a submission's state and tasks; 0 if it is known, 1 if not. */
  static int status(MasterAddress master, String id, PrintStream out) throws Exception {
    ClusterStateResponse state = state(master);
    Optional<FrameworkSummary> f = state.getFrameworks().stream().filter(x -> x.getFrameworkId().equals(id))
        .findFirst();
    if (f.isEmpty()) {
      out.println("submission " + id + ": unknown (never submitted, killed, or ended more than "
          + DriverSupervisor.RETENTION.toMinutes() + " min ago)");
      return 1;
    }
    Map<String, String> hosts = new HashMap<>();
    for (AgentSummary agent : state.getAgents()) {
      hosts.put(agent.getAgentId(), agent.getHostname());
    }
    List<SubmissionState.Task> tasks = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (TaskSummary t : state.getTasks()) {
      if (t.getFrameworkId().equals(id)) {
        tasks.add(new SubmissionState.Task(t.getTaskId(), t.getState()));
        lines.add("  " + t.getTaskId() + " " + t.getState() + " on " + hosts.getOrDefault(t.getAgentId(),
            t.getAgentId()) + (t.isSetExitCode() ? ", exit code " + t.getExitCode() : "")
            + (t.isSetMessage() && !t.getMessage().isBlank() ? ": " + t.getMessage() : ""));
      }
    }
    lines.sort(null);
    out.println("submission " + id + " (" + f.get().getName() + ")");
    out.println("state: " + SubmissionState.of(tasks));
    lines.forEach(out::println);
    return 0;
  }

  /** Kills a submission: takes its framework over and tears it down (the driver and its executors die). */
  static int kill(MasterAddress master, String id, PrintStream out) throws Exception {
    Optional<FrameworkSummary> f = state(master).getFrameworks().stream()
        .filter(x -> x.getFrameworkId().equals(id)).findFirst();
    if (f.isEmpty()) {
      out.println("submission " + id + ": unknown");
      return 1;
    }
    FrameworkInfo info = new FrameworkInfo(f.get().getName(), f.get().getUser()).setRole(f.get().getRole())
        .setFrameworkId(id);
    FrameworkClient client = FrameworkClient.builder(master, info, (c, offers) ->
        c.decline(offers.stream().map(Offer::getOfferId).toList(), new Filters().setRefuseSeconds(600)))
        .failoverTimeout(DriverSupervisor.RETENTION).build();
    client.start();
    try {
      client.awaitRegistered(WAIT);
      client.stopAndTeardown();
    } finally {
      client.stop();
    }
    out.println("submission " + id + " killed");
    return 0;
  }

  private static ClusterStateResponse state(MasterAddress master) throws Exception {
    HostPort leader;
    try (MasterDetector detector = MasterDetector.of(master)) {
      detector.start();
      leader = detector.awaitLeader(WAIT);
    }
    try (RpcChannel ch = RpcChannel.open(leader, RpcLimits.DEFAULT)) {
      return ch.client(mesetaConstants.OPERATOR_SERVICE, OperatorService.Client::new)
          .getState(new ClusterStateRequest().setIncludeCompletedTasks(true));
    } catch (org.apache.thrift.TException e) {
      throw new IllegalStateException("cannot reach the Meseta master at " + leader + " (" + master + "): "
          + e.getMessage(), e);
    }
  }
}
