package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskUsage;
import io.meseta.slave.http.AgentHttp;
import io.meseta.testing.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's HTTP endpoints and the usage its heartbeats carry, with real task processes. */
class AgentHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path workDir;

  private AgentHarness h;

  @BeforeEach
  void start() throws Exception {
    h = AgentHarness.start(workDir);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.agent.httpPort().getAsInt() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> read(String task, String file, String more) throws Exception {
    return get("/files/read?framework=" + FW + "&task=" + task + "&file="
        + URLEncoder.encode(file, StandardCharsets.UTF_8) + more);
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("(none)");
  }

  @Test
  void theAgentTellsTheMasterItsHttpPortAndServesHealthAndMetrics() throws Exception {
    int port = h.agent.httpPort().getAsInt();
    assertEquals(port, h.master.registrations().get(0).getHttpPort());
    JsonNode health = JSON.readTree(get("/health").body());
    assertEquals("ok", health.get("status").asText());
    assertEquals(h.agentId, health.get("agent_id").asText());
    assertTrue(health.get("registered").asBoolean());
    JsonNode metrics = JSON.readTree(get("/metrics").body());
    assertTrue(metrics.get("gauges").has("agent.registered"), metrics.toString());
  }

  @Test
  void filesReadServesPiecesOfARunningTasksOutputAndSaysWhenItIsComplete() throws Exception {
    h.launch(h.task("t1", "printf 'hello world\\n'; echo oops >&2; exec sleep 60"));
    h.ackUntil("t1", TaskState.RUNNING);
    HttpResponse<String> all = Await.value("t1 writes its stdout", WAIT, () -> {
      try {
        return read("t1", "stdout", "");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, r -> r.body().equals("hello world\n"));
    assertEquals(200, all.statusCode());
    assertEquals("application/octet-stream", header(all, "Content-Type"));
    assertEquals("0", header(all, AgentHttp.OFFSET));
    assertEquals("12", header(all, AgentHttp.SIZE));
    assertEquals("true", header(all, AgentHttp.EOF));
    assertEquals("RUNNING", header(all, AgentHttp.TASK_STATE));
    assertEquals("false", header(all, AgentHttp.COMPLETE));

    HttpResponse<String> piece = read("t1", "stdout", "&offset=6&length=3");
    assertEquals("wor", piece.body());
    assertEquals("6", header(piece, AgentHttp.OFFSET));
    assertEquals("false", header(piece, AgentHttp.EOF));
    HttpResponse<String> past = read("t1", "stdout", "&offset=500");
    assertEquals("", past.body());
    assertEquals("12", header(past, AgentHttp.OFFSET));
    assertEquals("oops\n", read("t1", "stderr", "").body());

    h.client.killTask(new AgentKillTaskRequest(FW, "t1"));
    h.awaitUpdate("t1", TaskState.KILLED);
    HttpResponse<String> ended = read("t1", "stdout", "");
    assertEquals("KILLED", header(ended, AgentHttp.TASK_STATE));
    assertEquals("true", header(ended, AgentHttp.COMPLETE));
  }

  @Test
  void pathsOutsideTheSandboxLinksMissingFilesAndBadParametersAreRefusedNamingTheProblem() throws Exception {
    h.launch(h.task("t2", "ln -s /etc/passwd link; mkdir sub; ln -s / up; echo done > marker"));
    h.ackUntil("t2", TaskState.FINISHED);

    HttpResponse<String> escape = read("t2", "../../../../../etc/passwd", "");
    assertEquals(403, escape.statusCode());
    assertTrue(error(escape).contains("outside the sandbox of task t2"), escape.body());
    HttpResponse<String> absolute = read("t2", "/etc/passwd", "");
    assertEquals(403, absolute.statusCode());
    HttpResponse<String> link = read("t2", "link", "");
    assertEquals(403, link.statusCode());
    assertTrue(error(link).contains("symbolic link"), link.body());
    HttpResponse<String> viaLink = read("t2", "up/etc/passwd", "");
    assertEquals(403, viaLink.statusCode());
    assertTrue(error(viaLink).contains("'up'") && error(viaLink).contains("symbolic link"), viaLink.body());
    HttpResponse<String> dirItself = read("t2", "sub", "");
    assertEquals(403, dirItself.statusCode());
    assertTrue(error(dirItself).contains("not a regular file"), dirItself.body());

    HttpResponse<String> missing = read("t2", "nope.txt", "");
    assertEquals(404, missing.statusCode());
    assertTrue(error(missing).contains("no file 'nope.txt'"), missing.body());
    HttpResponse<String> unknownTask = read("no-such-task", "stdout", "");
    assertEquals(404, unknownTask.statusCode());
    assertTrue(error(unknownTask).contains("no sandbox for task no-such-task"), unknownTask.body());
    HttpResponse<String> badId = get("/files/read?framework=" + FW + "&task=..&file=stdout");
    assertEquals(400, badId.statusCode());
    HttpResponse<String> noFile = get("/files/read?framework=" + FW + "&task=t2");
    assertEquals(400, noFile.statusCode());
    assertTrue(error(noFile).contains("'file' is required"), noFile.body());
    HttpResponse<String> badOffset = read("t2", "marker", "&offset=-4");
    assertEquals(400, badOffset.statusCode());
    assertTrue(error(badOffset).contains("'offset'"), badOffset.body());
    HttpResponse<String> tooLong = read("t2", "marker", "&length=99999999");
    assertEquals(400, tooLong.statusCode());

    assertEquals("done\n", read("t2", "marker", "").body(), "the agent still serves");
    assertTrue(Files.exists(Path.of("/etc/passwd")));
  }

  private static String error(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).get("error").asText();
  }

  @Test
  void heartbeatsCarryTheUsageOfRunningTasks() throws Exception {
    h.launch(h.task("t3", "exec sleep 60"));
    h.ackUntil("t3", TaskState.RUNNING);
    TaskUsage usage = Await.value("a heartbeat reports the usage of t3", WAIT, () -> {
      for (int i = h.master.heartbeatRequests().size() - 1; i >= 0; i--) {
        HeartbeatRequest beat = h.master.heartbeatRequests().get(i);
        if (beat.isSetUsage()) {
          Optional<TaskUsage> u = beat.getUsage().stream().filter(x -> x.getTaskId().equals("t3")).findFirst();
          if (u.isPresent()) {
            return u;
          }
        }
      }
      return Optional.<TaskUsage>empty();
    }, Optional::isPresent).orElseThrow();
    assertEquals(FW, usage.getFrameworkId());
    assertTrue(usage.getUsage().getMemoryBytes() > 0, usage.toString());
    assertTrue(usage.getUsage().getProcesses() >= 1, usage.toString());
    assertTrue(usage.getUsage().getSampledAtMillis() > 0, usage.toString());
  }
}
