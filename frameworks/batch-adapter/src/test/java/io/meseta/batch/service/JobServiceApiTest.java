package io.meseta.batch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.batch.client.BatchClient;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job service's API and store without a cluster: its master is a port nobody listens on, so
 * jobs are accepted, planned (forEach over local files through Hadoop's local file system),
 * stored, listed and killed, but nothing launches.
 */
class JobServiceApiTest {
  @TempDir
  Path dir;

  private ServiceConfig config() {
    return ServiceConfig.defaults("127.0.0.1:" + FreePorts.next(), dir.resolve("state")).withPort(0);
  }

  @Test
  void jobsAreAcceptedListedKilledAndKeptAcrossARestart() throws Exception {
    Path input = Files.createDirectories(dir.resolve("input"));
    for (String name : List.of("a.txt", "b.txt", "c.txt")) {
      Files.writeString(input.resolve(name), "some words\n");
    }
    String spec = """
        name: local
        stages:
          - {name: each, forEach: {input: '%s', split: files}, task: {command: 'wc -w'}}
          - {name: end, dependsOn: [each], tasks: [{name: t, command: 'true'}]}
        """.formatted(input.toUri());
    String first;
    String second;
    ServiceConfig config = config();
    try (JobService service = JobService.start(config)) {
      BatchClient client = BatchClient.connect("127.0.0.1:" + service.address().getPort());
      first = client.submit(spec, Format.YAML);
      second = client.submit(spec, Format.YAML);
      assertTrue(first.startsWith("local-") && !first.equals(second), first + " " + second);
      JobStatus s = client.status(first).orElseThrow();
      assertEquals(JobPhase.RUNNING, s.phase());
      assertEquals(List.of("each.00000", "each.00001", "each.00002", "end.t"),
          s.tasks().stream().map(t -> t.key()).toList());
      assertEquals(3, s.count(TaskPhase.READY));
      assertEquals(1, s.count(TaskPhase.WAITING));
      assertTrue(client.kill(first));
      assertEquals(JobPhase.KILLED, client.status(first).orElseThrow().phase());
      assertFalse(client.kill("no-such-job"));
      assertEquals(Optional.empty(), client.status("no-such-job"));
      assertEquals(List.of(first, second), client.list().stream().map(JobStatus::jobId).toList());
    }
    try (JobService again = JobService.start(config)) {
      BatchClient client = BatchClient.connect("127.0.0.1:" + again.address().getPort());
      assertEquals(JobPhase.KILLED, client.status(first).orElseThrow().phase());
      JobStatus s = client.status(second).orElseThrow();
      assertEquals(JobPhase.RUNNING, s.phase());
      assertEquals(3, s.count(TaskPhase.READY));
    }
  }

  @Test
  void aMissingInputIsRejectedNamingIt() throws Exception {
    try (JobService service = JobService.start(config())) {
      BatchClient client = BatchClient.connect("127.0.0.1:" + service.address().getPort());
      URI missing = dir.resolve("nothing-here").toUri();
      JobSpecException e = assertThrows(JobSpecException.class, () -> client.submit("""
          name: x
          stages: [{name: each, forEach: {input: '%s'}, task: {command: 'true'}}]
          """.formatted(missing), Format.YAML));
      assertEquals(1, e.problems().size(), e.problems().toString());
      assertTrue(e.problems().get(0).startsWith("stage 'each' forEach.input: no such file or directory: "),
          e.problems().toString());
      assertTrue(client.list().isEmpty());
    }
  }

  @Test
  void badRequestsGetAnErrorThatSaysWhatIsWrong() throws Exception {
    try (JobService service = JobService.start(config())) {
      String base = "http://127.0.0.1:" + service.address().getPort();
      HttpClient http = HttpClient.newHttpClient();
      assertAnswer(http, HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
          .POST(HttpRequest.BodyPublishers.ofString("name: not json")).build(), 400, "the request is not JSON");
      assertAnswer(http, HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"spec\": \"x\", \"format\": \"toml\"}")).build(), 400,
          "format must be YAML or JSON");
      assertAnswer(http, HttpRequest.newBuilder(URI.create(base + "/v1/jobs/nope")).GET().build(), 404, "no job nope");
      assertAnswer(http, HttpRequest.newBuilder(URI.create(base + "/v1/jobs/nope/tasks/t")).GET().build(), 404,
          "job nope has no task t");
      assertAnswer(http, HttpRequest.newBuilder(URI.create(base + "/v1/jobs/a/b/c/d")).GET().build(), 404,
          "no such resource: GET /v1/jobs/a/b/c/d");
    }
  }

  private static void assertAnswer(HttpClient http, HttpRequest request, int status, String error) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"error\":\"" + error), r.body());
  }
}
