package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.testing.Await;
import io.meseta.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code bin/meseta agent} process is killed with SIGKILL while it runs tasks and is
 * restarted on the same work directory: its tasks keep running, are re-attached, and end with
 * their real exit status, including one that exited while the agent was down.
 */
class AgentRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Scripts scripts;
  private FrameworkClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.stopAndTeardown();
    }
    scripts.close();
  }

  /** Launches the given (task id, shell) pairs on the first offer that fits them all. */
  private static final class ThreeTasks implements Scheduler {
    final List<TaskStatus> updates = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> commands;
    private final AtomicBoolean launched = new AtomicBoolean();

    ThreeTasks(Map<String, String> commands) {
      this.commands = commands;
    }

    @Override
    public void resourceOffers(FrameworkClient client, List<Offer> offers) {
      for (Offer offer : offers) {
        Resources per = Resources.cpusMem(0.1, 32);
        if (!launched.get() && ResourceCodec.fromWire(offer.getResources()).contains(per.plus(per).plus(per))) {
          launched.set(true);
          List<TaskInfo> tasks = new ArrayList<>();
          commands.forEach((id, shell) -> tasks.add(new TaskInfo(id, id, offer.getAgentId(),
              ResourceCodec.toWire(per), new CommandInfo().setShell(shell))));
          client.accept(List.of(offer.getOfferId()), tasks, new Filters().setRefuseSeconds(0));
        } else {
          client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(60));
        }
      }
    }

    @Override
    public void statusUpdate(FrameworkClient client, TaskStatus status) {
      updates.add(status);
    }

    boolean has(String task, TaskState state) {
      synchronized (updates) {
        return updates.stream().anyMatch(u -> u.getTaskId().equals(task) && u.getState() == state);
      }
    }

    TaskStatus last(String task) {
      synchronized (updates) {
        return updates.stream().filter(u -> u.getTaskId().equals(task)).reduce((a, b) -> b).orElseThrow();
      }
    }
  }

  @Test
  void tasksSurviveASigkilledAgentAndEndWithTheirRealExitStatus() throws Exception {
    scripts = new Scripts(dir);
    int port = FreePorts.next();
    String master = "localhost:" + port;
    scripts.start("master", "master", "--port", Integer.toString(port), "--hostname", "localhost",
        "--work-dir", dir.resolve("master").toString());
    Path agentDir = dir.resolve("agent");
    String[] agentArgs = {"agent", "--master", master, "--port", "0", "--hostname", "localhost",
        "--resources", "cpus:2;mem:1024;disk:1000", "--work-dir", agentDir.toString(),
        "--isolation", SharedHost.ISOLATION};
    Process agent = scripts.start("agent", agentArgs);
    String agentId = Await.value("the agent registered", WAIT, () -> agentIds(master), ids -> ids.size() == 1)
        .get(0);

    String waitForGo = "echo $$ > pid; until [ -e go ]; do sleep 0.1; done; ";
    ThreeTasks scheduler = new ThreeTasks(Map.of("t1", waitForGo + "exit 3", "t2", waitForGo + "exit 5",
        "t3", "echo $$ > pid; exec sleep 600"));
    client = FrameworkClient.builder(master, new FrameworkInfo("restart-test", SharedHost.USER), scheduler)
        .failoverTimeout(Duration.ofMinutes(5)).build();
    client.start();
    String frameworkId = client.awaitRegistered(WAIT);
    for (String t : List.of("t1", "t2", "t3")) {
      Await.until(t + " RUNNING", WAIT, () -> scheduler.has(t, TaskState.RUNNING));
    }
    Path sandboxes = agentDir.resolve("sandboxes").resolve(frameworkId);
    Map<String, Long> pids = new java.util.TreeMap<>();
    for (String t : List.of("t1", "t2", "t3")) {
      Path pidFile = sandboxes.resolve(t).resolve("pid");
      Await.until(t + " wrote its pid", WAIT, () -> Files.exists(pidFile) && !read(pidFile).isEmpty());
      pids.put(t, Long.parseLong(read(pidFile)));
    }

    agent.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      assertTrue(running(e.getValue()), e.getKey() + " survives the agent");
    }
    Files.createFile(sandboxes.resolve("t2").resolve("go"));
    Await.until("t2 ended while the agent was down", WAIT, () -> !running(pids.get("t2")));

    scripts.start("agent", agentArgs);
    Await.until("t2's exit reported", WAIT, () -> scheduler.has("t2", TaskState.FAILED));
    assertEquals(5, scheduler.last("t2").getExitCode());
    assertEquals(List.of(agentId), agentIds(master), "the agent re-registered under its id");
    assertTrue(running(pids.get("t1")) && running(pids.get("t3")));

    Files.createFile(sandboxes.resolve("t1").resolve("go"));
    Await.until("t1's exit reported", WAIT, () -> scheduler.has("t1", TaskState.FAILED));
    assertEquals(3, scheduler.last("t1").getExitCode());

    client.killTask("t3");
    Await.until("t3 KILLED", WAIT, () -> scheduler.has("t3", TaskState.KILLED));
    Await.until("t3's process gone", WAIT, () -> !running(pids.get("t3")));
    synchronized (scheduler.updates) {
      assertFalse(scheduler.updates.stream().anyMatch(u -> u.getState() == TaskState.LOST),
          "no task was reported lost: " + scheduler.updates);
    }
  }

  private List<String> agentIds(String master) {
    try {
      Scripts.Result r = scripts.run("state", "--master", master, "--json");
      if (r.code() != 0) {
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      for (JsonNode a : JSON.readTree(r.out()).get("agents")) {
        ids.add(a.get("id").asText());
      }
      return ids;
    } catch (Exception e) {
      return List.of();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Alive and not a zombie (PID 1 here may not reap orphans). */
  private static boolean running(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    if (stat.isEmpty()) {
      return false;
    }
    String afterName = stat.substring(stat.lastIndexOf(')') + 2);
    return afterName.charAt(0) != 'Z';
  }
}
