package io.meseta.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final MetricRegistry registry = new MetricRegistry();
  private HttpEndpoints endpoints;

  @BeforeEach
  void start() throws Exception {
    registry.counter("offers.sent").inc(3);
    registry.timer("rpc.accept").update(java.time.Duration.ofMillis(5));
    endpoints = HttpEndpoints.builder("test")
        .get("/metrics", MetricsJson.endpoint(registry))
        .get("/echo", q -> HttpReply.json(Map.of("n", q.number("n", 7, 0, 100), "s", q.required("s"))))
        .get("/boom", q -> {
          throw new IllegalStateException("kaput");
        })
        .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    endpoints.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsAreServedAsJsonByTheMetricsModule() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode m = JSON.readTree(r.body());
    assertEquals(3, m.get("counters").get("offers.sent").get("count").asInt());
    assertEquals(1, m.get("timers").get("rpc.accept").get("count").asInt());
    assertEquals("milliseconds", m.get("timers").get("rpc.accept").get("duration_units").asText());
  }

  @Test
  void parametersAreDecodedAndBadOnesRefusedByName() throws Exception {
    HttpResponse<String> ok = get("/echo?s=a%20b&n=42");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("a b", JSON.readTree(ok.body()).get("s").asText());
    assertEquals(42, JSON.readTree(ok.body()).get("n").asInt());

    HttpResponse<String> missing = get("/echo");
    assertEquals(400, missing.statusCode());
    assertEquals("parameter 's' is required", JSON.readTree(missing.body()).get("error").asText());

    HttpResponse<String> bad = get("/echo?s=x&n=1000");
    assertEquals(400, bad.statusCode());
    assertTrue(JSON.readTree(bad.body()).get("error").asText().contains("'n' must be between 0 and 100"), bad.body());

    HttpResponse<String> twice = get("/echo?s=x&s=y");
    assertEquals(400, twice.statusCode());
    assertTrue(twice.body().contains("'s' is given more than once"), twice.body());
  }

  @Test
  void unknownPathsOtherMethodsAndFailuresGetErrorsAndTheServerKeepsServing() throws Exception {
    HttpResponse<String> unknown = get("/nope");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("/metrics"), unknown.body());

    HttpResponse<String> post = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoints.port() + "/metrics")).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());

    HttpResponse<String> boom = get("/boom");
    assertEquals(500, boom.statusCode());
    assertTrue(boom.body().contains("kaput"), boom.body());

    assertEquals(200, get("/metrics").statusCode());
  }
}
