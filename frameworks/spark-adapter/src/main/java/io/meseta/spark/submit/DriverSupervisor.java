package io.meseta.spark.submit;

import io.meseta.client.FrameworkClient;
import io.meseta.client.NotConnectedException;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in the supervisor task of a cluster-mode submission: takes over the submission's framework
 * (the submitter registered it and went away), launches the driver task {@code driver-1}, and with
 * {@code --supervise} launches {@code driver-2}, ... each time the driver FAILED or was LOST (up
 * to {@value #MAX_ATTEMPTS} attempts). A driver that FINISHED or was KILLED ends the submission:
 * the supervisor exits 0 if the last driver FINISHED, else 1, leaving the framework to expire
 * after its failover timeout, so {@code --status} can still report it until then.
 *
 * <p>Its settings come from the environment the submitter gave the task: {@code MESETA_FRAMEWORK_ID}
 * (set by the agent) and the {@code SPARK_SUBMISSION_*} variables of {@link #ENV_KEYS}.
 */
public final class DriverSupervisor implements Scheduler {
  static final String MASTER = "SPARK_SUBMISSION_MASTER";
  static final String NAME = "SPARK_SUBMISSION_NAME";
  static final String ROLE = "SPARK_SUBMISSION_ROLE";
  static final String USER = "SPARK_SUBMISSION_USER";
  static final String DRIVER_COMMAND = "SPARK_SUBMISSION_DRIVER_COMMAND";
  static final String DRIVER_RESOURCES = "SPARK_SUBMISSION_DRIVER_RESOURCES";
  static final String SUPERVISE = "SPARK_SUBMISSION_SUPERVISE";
  static final List<String> ENV_KEYS = List.of(MASTER, NAME, ROLE, USER, DRIVER_COMMAND, DRIVER_RESOURCES, SUPERVISE);
  /** How long the master keeps a submission whose client is gone: the hand-over, and --status afterwards. */
  static final Duration RETENTION = Duration.ofMinutes(10);
  static final int MAX_ATTEMPTS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(DriverSupervisor.class);
  private static final Set<TaskState> RELAUNCH = EnumSet.of(TaskState.FAILED, TaskState.LOST, TaskState.ERROR);

  private final String command;
  private final Resources resources;
  private final boolean supervise;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private int attempt;
  private String current;

  DriverSupervisor(String command, Resources resources, boolean supervise) {
    this.command = command;
    this.resources = resources;
    this.supervise = supervise;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    for (String k : ENV_KEYS) {
      if (env.get(k) == null) {
        System.err.println("DriverSupervisor runs in a submission's supervisor task: " + k + " is not set");
        System.exit(2);
      }
    }
    String frameworkId = env.get("MESETA_FRAMEWORK_ID");
    DriverSupervisor s = new DriverSupervisor(env.get(DRIVER_COMMAND), Resources.parse(env.get(DRIVER_RESOURCES)),
        Boolean.parseBoolean(env.get(SUPERVISE)));
    FrameworkInfo info = new FrameworkInfo(env.get(NAME), env.get(USER)).setRole(env.get(ROLE))
        .setFrameworkId(frameworkId);
    FrameworkClient client = FrameworkClient.builder(MasterAddress.parse(env.get(MASTER)), info, s)
        .failoverTimeout(RETENTION).build();
    client.start();
    client.awaitRegistered(Duration.ofMinutes(2));
    LOG.info("supervising the driver of submission {} (supervise: {})", frameworkId, s.supervise);
    int code = s.exitCode.get();
    client.stop();
    client.awaitTermination(Duration.ofSeconds(10));
    System.exit(code);
  }

  @Override
  public synchronized void resourceOffers(FrameworkClient c, List<Offer> offers) {
    List<String> unused = new ArrayList<>();
    for (Offer o : offers) {
      if (current == null && !exitCode.isDone() && ResourceCodec.fromWire(o.getResources()).contains(resources)) {
        launch(c, o);
      } else {
        unused.add(o.getOfferId());
      }
    }
    if (!unused.isEmpty()) {
      quietly(() -> c.decline(unused, new Filters().setRefuseSeconds(current == null ? 1 : 60)));
    }
  }

  private void launch(FrameworkClient c, Offer o) {
    attempt++;
    String taskId = "driver-" + attempt;
    CommandInfo cmd = new CommandInfo().setShell(command).setEnvironment(Map.of("SPARK_DRIVER_HOST", o.getHostname()));
    try {
      c.accept(List.of(o.getOfferId()), List.of(new TaskInfo(taskId, "spark driver (attempt " + attempt + ")",
          o.getAgentId(), ResourceCodec.toWire(resources), cmd)), new Filters().setRefuseSeconds(60));
      current = taskId;
      quietly(c::suppress);
      LOG.info("launched {} on {}", taskId, o.getHostname());
    } catch (RuntimeException e) {
      LOG.warn("could not launch {} on {}: {}", taskId, o.getHostname(), e.getMessage());
      attempt--;
    }
  }

  @Override
  public synchronized void statusUpdate(FrameworkClient c, TaskStatus s) {
    if (!s.getTaskId().equals(current) || !isTerminal(s.getState())) {
      return;
    }
    current = null;
    LOG.info("{} ended {}{}", s.getTaskId(), s.getState(), s.isSetMessage() ? ": " + s.getMessage() : "");
    if (s.getState() == TaskState.FINISHED) {
      exitCode.complete(0);
    } else if (supervise && RELAUNCH.contains(s.getState()) && attempt < MAX_ATTEMPTS) {
      LOG.info("--supervise: relaunching the driver");
      quietly(c::revive);
    } else {
      exitCode.complete(1);
    }
  }

  @Override
  public void error(FrameworkClient c, String message) {
    LOG.error("the master removed the submission: {}", message);
    exitCode.complete(1);
  }

  static boolean isTerminal(TaskState s) {
    return s == TaskState.FINISHED || s == TaskState.FAILED || s == TaskState.KILLED || s == TaskState.ERROR
        || s == TaskState.LOST;
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (NotConnectedException e) {
      LOG.debug("skipped: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("call failed: {}", e.getMessage());
    }
  }
}
