package io.meseta.batch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meseta.batch.engine.Attempt;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.batch.status.StatusJson;
import io.meseta.batch.store.StoreCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job service's API: HTTP with JSON bodies, on the JDK's own server.
 *
 * <pre>
 * POST /v1/jobs                  {"spec": "...", "format": "YAML"|"JSON"}  201 {"jobId"} | 400 {"error", "problems"}
 * GET  /v1/jobs                  200 {"jobs": [status without tasks, ...]}
 * GET  /v1/jobs/JOB              200 status with tasks | 404
 * POST /v1/jobs/JOB/kill         200 {"jobId", "killed": true} | 404
 * GET  /v1/jobs/JOB/tasks/TASK   200 {"task", "frameworkId", "mesetaTaskId", "master"} | 404
 * </pre>
 */
final class JobHttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobHttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SPEC_BYTES = 1 << 20;

  private final JobService service;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "meseta-batch-http");
    t.setDaemon(true);
    return t;
  });

  JobHttpApi(JobService service, InetSocketAddress bind) throws IOException {
    this.service = service;
    this.server = HttpServer.create(bind, 50);
    server.createContext("/v1/jobs", this::handle);
    server.setExecutor(handlers);
  }

  void start() {
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String[] parts = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
      // "", "v1", "jobs", JOB, ...
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      if (parts.length == 3 && method.equals("POST")) {
        submit(ex);
      } else if (parts.length == 3 && method.equals("GET")) {
        ArrayNode jobs = JSON.createArrayNode();
        service.jobs().values().forEach(s -> jobs.add(StatusJson.toJson(s, false)));
        ObjectNode body = JSON.createObjectNode();
        body.set("jobs", jobs);
        send(ex, 200, body);
      } else if (parts.length == 4 && method.equals("GET")) {
        Optional<JobStatus> s = service.job(parts[3]);
        if (s.isPresent()) {
          send(ex, 200, StatusJson.toJson(s.get(), true));
        } else {
          notFound(ex, "no job " + parts[3]);
        }
      } else if (parts.length == 5 && parts[4].equals("kill") && method.equals("POST")) {
        if (service.kill(parts[3])) {
          send(ex, 200, JSON.createObjectNode().put("jobId", parts[3]).put("killed", true));
        } else {
          notFound(ex, "no job " + parts[3]);
        }
      } else if (parts.length == 6 && parts[4].equals("tasks") && method.equals("GET")) {
        task(ex, parts[3], parts[5]);
      } else {
        send(ex, 404, error("no such resource: " + method + " " + ex.getRequestURI().getPath()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("request {} failed", ex.getRequestURI(), e);
      send(ex, 500, error("the service failed: " + e));
    }
  }

  private void submit(HttpExchange ex) throws IOException, InterruptedException {
    byte[] body = ex.getRequestBody().readNBytes(MAX_SPEC_BYTES + 1);
    if (body.length > MAX_SPEC_BYTES) {
      send(ex, 413, error("a job spec may have at most " + MAX_SPEC_BYTES + " bytes"));
      return;
    }
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      send(ex, 400, error("the request is not JSON: " + e.getMessage()));
      return;
    }
    if (req == null || !req.hasNonNull("spec")) {
      send(ex, 400, error("the request needs 'spec' (the job spec's text) and 'format' (YAML or JSON)"));
      return;
    }
    Format format;
    try {
      format = Format.valueOf(req.path("format").asText("YAML").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      send(ex, 400, error("format must be YAML or JSON, got " + req.get("format")));
      return;
    }
    try {
      String jobId = service.submit(req.get("spec").asText(), format);
      send(ex, 201, JSON.createObjectNode().put("jobId", jobId));
    } catch (JobSpecException e) {
      ObjectNode err = error("the job spec was rejected");
      ArrayNode problems = err.putArray("problems");
      e.problems().forEach(problems::add);
      send(ex, 400, err);
    }
  }

  private void task(HttpExchange ex, String jobId, String key) throws IOException {
    Optional<TaskRecord> r = service.job(jobId)
        .flatMap(s -> s.tasks().stream().filter(t -> t.key().equals(key)).findFirst());
    if (r.isEmpty()) {
      notFound(ex, "job " + jobId + " has no task " + key);
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("task", StoreCodec.taskJson(r.get()));
    service.frameworkId().ifPresent(f -> body.put("frameworkId", f));
    body.put("master", service.master());
    if (r.get().attempts() > 0) {
      body.put("mesetaTaskId", new Attempt(jobId, key, r.get().attempts()).taskId());
    }
    send(ex, 200, body);
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void notFound(HttpExchange ex, String message) throws IOException {
    send(ex, 404, error(message));
  }

  private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
