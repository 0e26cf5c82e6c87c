package io.meseta.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.protocol.codec.StateJson;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.HeartbeatRequest;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.ResourceUsage;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskUsage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's HTTP endpoints and the usage and HTTP ports agents report, over real ports. */
class MasterHttpIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private MesetaMaster master;
  private MasterWire wire;
  private FakeAgent agent;

  @BeforeEach
  void start() throws Exception {
    master = MesetaMaster.start(MasterConfig.defaults(dir).withPort(0).withAdvertisedHost("127.0.0.1")
        .withAllocationInterval(Duration.ofMillis(100)));
    wire = MasterWire.to(master);
    agent = FakeAgent.start("cpus:4;mem:4096");
  }

  @AfterEach
  void stop() {
    agent.close();
    wire.close();
    master.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + master.httpPort().getAsInt() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthMetricsAndStateAreServed() throws Exception {
    assertNotEquals(MasterConfig.DEFAULT_HTTP_PORT, master.httpPort().getAsInt(), "in-process: any free port");
    HttpResponse<String> health = get("/health");
    assertEquals(200, health.statusCode());
    JsonNode h = JSON.readTree(health.body());
    assertEquals("leader", h.get("role").asText());
    assertEquals(master.masterId(), h.get("master_id").asText());
    assertEquals("127.0.0.1:" + master.port(), h.get("leader").asText());

    wire.agents.registerAgent(agent.registration());
    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    JsonNode m = JSON.readTree(metrics.body());
    assertEquals(1, m.get("counters").get("master.agents.registered").get("count").asInt(), metrics.body());
    assertTrue(m.get("timers").get("master.rpc.registerAgent").get("count").asInt() >= 1, metrics.body());

    HttpResponse<String> state = get("/state");
    assertEquals(200, state.statusCode());
    assertEquals(JSON.valueToTree(StateJson.toMap(wire.state())), JSON.readTree(state.body()),
        "the same content as meseta state --json");
    assertEquals(1, JSON.readTree(state.body()).get("agents").size());
  }

  @Test
  void theStateShowsEachAgentsHttpAddressAndItsTasksUsage() throws Exception {
    String agentId = wire.agents.registerAgent(agent.registration().setHttpPort(6081)).getAgentId();
    MasterWire.Framework fw = wire.framework("usage", 0).register();
    Offer offer = fw.awaitOffers(agentId).get(agentId);
    fw.accept(offer, MasterWire.task("t1", agentId, "cpus:1;mem:256"));
    wire.update(agentId, fw.id, "t1", TaskState.RUNNING, "u1");
    ResourceUsage usage = new ResourceUsage(1.25, 64L << 20, 3, 1_000).setMemoryLimitBytes(256L << 20);
    wire.agents.heartbeat(new HeartbeatRequest(agentId).setUsage(List.of(new TaskUsage(fw.id, "t1", usage))));

    JsonNode s = JSON.readTree(get("/state").body());
    assertEquals("127.0.0.1:6081", s.get("agents").get(0).get("http").asText(), s.toString());
    JsonNode u = s.get("tasks").get(0).get("usage");
    assertEquals(1.25, u.get("cpu_seconds").asDouble(), 1e-9);
    assertEquals(64L << 20, u.get("memory_bytes").asLong());
    assertEquals(256L << 20, u.get("memory_limit_bytes").asLong());
    assertEquals(3, u.get("processes").asInt());
    assertEquals(usage, wire.state().getTasks().get(0).getUsage());
  }

  @Test
  void malformedUsageIsRefusedNamingTheTaskAndTheMasterKeepsItsState() throws Exception {
    String agentId = wire.agents.registerAgent(agent.registration()).getAgentId();
    MesetaError bad = assertThrows(MesetaError.class, () -> wire.agents.heartbeat(new HeartbeatRequest(agentId)
        .setUsage(List.of(new TaskUsage("F1", "t9", new ResourceUsage(1, -1, 1, 0))))));
    assertEquals(ErrorCode.INVALID_REQUEST, bad.getCode());
    assertTrue(bad.getMessage().contains("usage of task t9") && bad.getMessage().contains("memory"), bad.getMessage());
    assertEquals(1, wire.state().getAgentsSize());
  }

  @Test
  void stateParametersAndUnknownPathsGetClearErrors() throws Exception {
    HttpResponse<String> badLive = get("/state?live=maybe");
    assertEquals(400, badLive.statusCode());
    assertTrue(badLive.body().contains("'live' must be true or false"), badLive.body());
    HttpResponse<String> unknown = get("/stat");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("/state"), unknown.body());
  }

  /** Takes the default HTTP port, unless something else holds it already (then null: it is taken anyway). */
  private static ServerSocket holdDefaultPort() {
    try {
      return new ServerSocket(MasterConfig.DEFAULT_HTTP_PORT);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Test
  void httpCanBeTurnedOffATakenPortStopsTheStartNamingItAndATakenDefaultPortIsReplaced() throws Exception {
    try (MesetaMaster off = MesetaMaster.start(MasterConfig.defaults(dir.resolve("off")).withPort(0)
        .withHttpPort(MasterConfig.HTTP_DISABLED))) {
      assertTrue(off.httpPort().isEmpty());
    }
    try (ServerSocket taken = new ServerSocket(0)) {
      MesetaMaster.MasterStartException e = assertThrows(MesetaMaster.MasterStartException.class,
          () -> MesetaMaster.start(MasterConfig.defaults(dir.resolve("taken")).withPort(0)
              .withHttpPort(taken.getLocalPort())));
      assertTrue(e.getMessage().contains("http_port " + taken.getLocalPort()), e.getMessage());
    }
    try (ServerSocket defaultTaken = holdDefaultPort();
        MesetaMaster fallback = MesetaMaster.start(MasterConfig.defaults(dir.resolve("fallback")).withPort(0)
            .withHttpPort(MasterConfig.DEFAULT_HTTP_PORT))) {
      assertNotEquals(MasterConfig.DEFAULT_HTTP_PORT, fallback.httpPort().getAsInt(),
          "the default port is taken: a free one instead");
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> MasterConfig.defaults(dir).withHttpPort(-2));
    assertTrue(bad.getMessage().contains("http_port"), bad.getMessage());
  }
}
