package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.testing.Await;
import io.meseta.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.meseta.it.Scripts.Result;

/**
 * Drives the real scripts as separate processes, the way an operator would: {@code bin/meseta
 * master}, two {@code bin/meseta agent}s, {@code bin/meseta run} and {@code bin/meseta state}.
 * Needs the packaged jar and its classpath file, which {@code mvn verify} builds before this runs.
 */
class ScriptsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Scripts scripts;
  private String master;

  @BeforeEach
  void startCluster() throws Exception {
    scripts = new Scripts(dir);
    int port = FreePorts.next();
    master = "localhost:" + port;
    start("master", "master", "--port", Integer.toString(port), "--hostname", "localhost",
        "--work-dir", dir.resolve("master").toString());
    for (int i = 1; i <= 2; i++) {
      start("agent-" + i, "agent", "--master", master, "--port", "0", "--hostname", "localhost",
          "--resources", "cpus:2;mem:1024;disk:1000", "--attributes", "rack:r" + i,
          "--work-dir", dir.resolve("agent-" + i).toString());
    }
    Await.value("two agents registered", WAIT, () -> agentCount(), n -> n == 2);
  }

  @AfterEach
  void stopCluster() throws Exception {
    scripts.close();
  }

  @Test
  void runLaunchesTwentyTasksAndStateShowsThem() throws Exception {
    Result run = meseta("run", "--master", master, "--name", "twenty", "--instances", "20", "--", "true");
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.out().contains("20 of 20 tasks finished"), run.describe());

    Result state = meseta("state", "--master", master, "--json");
    assertEquals(0, state.code(), state.describe());
    JsonNode s = JSON.readTree(state.out());
    assertEquals(2, s.get("agents").size(), state.out());
    for (JsonNode agent : s.get("agents")) {
      assertEquals("localhost", agent.get("hostname").asText());
      assertTrue(agent.get("total").asText().contains("cpus:2"), agent.toString());
      assertTrue(agent.get("attributes").get("rack").asText().startsWith("r"), agent.toString());
    }
    List<JsonNode> finished = new ArrayList<>();
    s.get("tasks").forEach(t -> {
      if (t.get("id").asText().startsWith("twenty-") && t.get("state").asText().equals("FINISHED")) {
        finished.add(t);
      }
    });
    assertEquals(20, finished.size(), state.out());
    assertTrue(finished.stream().allMatch(t -> t.get("exit_code").asInt() == 0), state.out());
    long agentsUsed = finished.stream().map(t -> t.get("agent_id").asText()).distinct().count();
    assertTrue(agentsUsed >= 1 && agentsUsed <= 2, state.out());
  }

  @Test
  void aFailingCommandMakesRunExitNonZero() throws Exception {
    Result run = meseta("run", "--master", master, "--name", "failing", "--instances", "2", "--", "exit 3");
    assertEquals(1, run.code(), run.describe());
    assertTrue(run.out().contains("FAILED"), run.describe());
  }

  @Test
  void wrongFlagsPrintWhatIsWrongAndTheUsage() throws Exception {
    Result unknown = meseta("agent", "--bogus-flag");
    assertEquals(2, unknown.code(), unknown.describe());
    assertTrue(unknown.err().contains("--bogus-flag"), unknown.describe());
    assertTrue(unknown.err().contains("Usage: meseta agent"), unknown.describe());

    Result negative = meseta("agent", "--master", master, "--resources", "cpus:-1",
        "--work-dir", dir.resolve("bad").toString());
    assertEquals(2, negative.code(), negative.describe());
    assertTrue(negative.err().contains("resources"), negative.describe());

    Result missingConf = meseta("master", "--conf", dir.resolve("nope.properties").toString());
    assertEquals(2, missingConf.code(), missingConf.describe());
    assertTrue(missingConf.err().contains("nope.properties"), missingConf.describe());

    Result noCommand = meseta("run", "--master", master);
    assertEquals(2, noCommand.code(), noCommand.describe());
    assertTrue(noCommand.err().contains("COMMAND"), noCommand.describe());

    assertEquals(2, agentCount(), "the cluster is unaffected");
  }

  private int agentCount() {
    try {
      Result r = meseta("state", "--master", master, "--json");
      return r.code() == 0 ? JSON.readTree(r.out()).get("agents").size() : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private Process start(String name, String... args) throws IOException {
    return scripts.start(name, args);
  }

  private Result meseta(String... args) throws Exception {
    return scripts.run(args);
  }

}
