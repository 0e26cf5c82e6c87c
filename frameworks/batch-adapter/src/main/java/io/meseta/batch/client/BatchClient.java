package io.meseta.batch.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.batch.status.StatusJson;
import io.meseta.batch.store.StoreCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Submits and watches jobs of a running job service ({@code bin/meseta batch-service}) from a
 * program. Stateless: every call is one HTTP request, so a client may come and go while jobs run.
 *
 * <pre>{@code
 * BatchClient batch = BatchClient.connect("localhost:5070");
 * String job = batch.submit(Path.of("wordcount.yaml"));
 * JobStatus end = batch.await(job, Duration.ofSeconds(1), s -> System.out.println(s.summary()));
 * }</pre>
 */
public final class BatchClient {
  /** How long {@link #await} keeps asking a service it cannot reach. */
  public static final Duration UNREACHABLE_GRACE = Duration.ofMinutes(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  private BatchClient(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A client of the service at {@code HOST:PORT} (or an {@code http://} URL). */
  public static BatchClient connect(String address) {
    Objects.requireNonNull(address, "address");
    URI uri;
    try {
      uri = URI.create(address.contains("://") ? address : "http://" + address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the batch service address must be HOST:PORT, got '" + address + "'", e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the batch service address must be HOST:PORT, got '" + address + "'");
    }
    uri = URI.create(uri.getScheme() + "://" + uri.getHost() + ":"
        + (uri.getPort() < 0 ? io.meseta.batch.service.ServiceConfig.DEFAULT_PORT : uri.getPort()));
    return new BatchClient(uri);
  }

  /** Submits the spec in {@code file} (JSON if it ends in .json, else YAML); returns the job id. */
  public String submit(Path file) throws IOException, JobSpecException, BatchServiceException {
    return submit(Files.readString(file), Format.ofFileName(file.getFileName().toString()));
  }

  /**
   * Submits a spec; returns the job id.
   *
   * @throws JobSpecException if the service rejected the spec, with each problem it named
   */
  public String submit(String spec, Format format) throws JobSpecException, BatchServiceException {
    ObjectNode req = JSON.createObjectNode().put("spec", spec).put("format", format.name());
    HttpResponse<String> resp = send(HttpRequest.newBuilder(uri("/v1/jobs"))
        .POST(HttpRequest.BodyPublishers.ofString(req.toString())).header("Content-Type", "application/json"));
    JsonNode body = parse(resp);
    if (resp.statusCode() == 400 && body.has("problems")) {
      List<String> problems = new ArrayList<>();
      body.get("problems").forEach(p -> problems.add(p.asText()));
      throw new JobSpecException(problems);
    }
    check(resp, body);
    return body.get("jobId").asText();
  }

  /** The job's status with every task; empty if the service has no such job. */
  public Optional<JobStatus> status(String jobId) throws BatchServiceException {
    HttpResponse<String> resp = send(HttpRequest.newBuilder(uri("/v1/jobs/" + enc(jobId))).GET());
    if (resp.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode body = parse(resp);
    check(resp, body);
    return Optional.of(StatusJson.fromJson(body));
  }

  /** Every job the service knows, without their tasks, in submission order. */
  public List<JobStatus> list() throws BatchServiceException {
    HttpResponse<String> resp = send(HttpRequest.newBuilder(uri("/v1/jobs")).GET());
    JsonNode body = parse(resp);
    check(resp, body);
    List<JobStatus> out = new ArrayList<>();
    body.path("jobs").forEach(j -> out.add(StatusJson.fromJson(j)));
    return out;
  }

  /** Kills the job's tasks; false if the service has no such job. */
  public boolean kill(String jobId) throws BatchServiceException {
    HttpResponse<String> resp = send(HttpRequest.newBuilder(uri("/v1/jobs/" + enc(jobId) + "/kill"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    if (resp.statusCode() == 404) {
      return false;
    }
    check(resp, parse(resp));
    return true;
  }

  /** Where a task's latest attempt ran; empty if there is no such job or task. */
  public Optional<TaskLocation> task(String jobId, String taskKey) throws BatchServiceException {
    HttpResponse<String> resp = send(HttpRequest.newBuilder(uri("/v1/jobs/" + enc(jobId) + "/tasks/" + enc(taskKey)))
        .GET());
    if (resp.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode body = parse(resp);
    check(resp, body);
    return Optional.of(new TaskLocation(StoreCodec.task(body.get("task")),
        Optional.ofNullable(body.get("frameworkId")).map(JsonNode::asText),
        Optional.ofNullable(body.get("mesetaTaskId")).map(JsonNode::asText),
        Optional.ofNullable(body.get("master")).map(JsonNode::asText)));
  }

  /**
   * Polls the job every {@code interval}, handing each status to {@code progress}, until it ends;
   * returns its final status. A service that cannot be reached (restarting, say) is asked again
   * for up to {@link #UNREACHABLE_GRACE}.
   *
   * @throws BatchServiceException if the service does not know the job, or stays unreachable
   */
  public JobStatus await(String jobId, Duration interval, Consumer<JobStatus> progress)
      throws BatchServiceException, InterruptedException {
    long unreachableSince = -1;
    while (true) {
      Optional<JobStatus> s;
      try {
        s = status(jobId);
        unreachableSince = -1;
      } catch (BatchServiceException e) {
        if (e.status() != 0) {
          throw e;
        }
        long now = System.nanoTime();
        unreachableSince = unreachableSince < 0 ? now : unreachableSince;
        if (now - unreachableSince > UNREACHABLE_GRACE.toNanos()) {
          throw e;
        }
        Thread.sleep(interval.toMillis());
        continue;
      }
      JobStatus status = s.orElseThrow(() -> new BatchServiceException("the service has no job " + jobId, 404, null));
      progress.accept(status);
      if (status.phase().isTerminal()) {
        return status;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(HttpRequest.Builder req) throws BatchServiceException {
    try {
      return http.send(req.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BatchServiceException("cannot reach the batch service at " + base + ": " + e, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchServiceException("interrupted while calling the batch service at " + base, 0, e);
    }
  }

  private JsonNode parse(HttpResponse<String> resp) throws BatchServiceException {
    try {
      return JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new BatchServiceException("the batch service at " + base + " answered " + resp.statusCode()
          + " with something that is not JSON", resp.statusCode(), e);
    }
  }

  private void check(HttpResponse<String> resp, JsonNode body) throws BatchServiceException {
    if (resp.statusCode() / 100 != 2) {
      throw new BatchServiceException("the batch service at " + base + " answered " + resp.statusCode() + ": "
          + body.path("error").asText(resp.body()), resp.statusCode(), null);
    }
  }
}
