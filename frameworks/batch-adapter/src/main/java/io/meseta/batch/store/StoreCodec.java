package io.meseta.batch.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.plan.PlannedTask.Placement;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.hdfs.locality.Split;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON for the stored records; also used by the service's HTTP API for task records. */
public final class StoreCodec {
  static final ObjectMapper JSON = new ObjectMapper();

  private StoreCodec() {}

  public static ObjectNode taskJson(TaskRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", r.key());
    n.put("phase", r.phase().name());
    n.put("attempts", r.attempts());
    n.put("notBefore", r.notBefore());
    n.put("launchedAt", r.launchedAt());
    n.put("startedAt", r.startedAt());
    n.put("endedAt", r.endedAt());
    r.host().ifPresent(h -> n.put("host", h));
    r.placement().ifPresent(p -> n.put("placement", p.name()));
    r.message().ifPresent(m -> n.put("message", m));
    n.put("timedOut", r.timedOut());
    return n;
  }

  public static TaskRecord task(JsonNode n) {
    return new TaskRecord(n.get("key").asText(), TaskPhase.valueOf(n.get("phase").asText()), n.get("attempts").asInt(),
        n.get("notBefore").asLong(), n.get("launchedAt").asLong(), n.path("startedAt").asLong(), n.get("endedAt").asLong(), text(n, "host"),
        text(n, "placement").map(Placement::valueOf), text(n, "message"), n.path("timedOut").asBoolean());
  }

  static byte[] job(StoredJob job) {
    ObjectNode n = JSON.createObjectNode();
    n.put("jobId", job.jobId());
    n.put("format", job.format().name());
    n.put("submittedAt", job.submittedAt());
    n.put("spec", job.specText());
    ObjectNode splits = n.putObject("splits");
    job.splits().forEach((stage, list) -> {
      ArrayNode a = splits.putArray(stage);
      for (Split s : list) {
        ObjectNode sn = a.addObject();
        sn.put("path", s.path().toString());
        sn.put("offset", s.offset());
        sn.put("length", s.length());
        s.hosts().forEach(sn.putArray("hosts")::add);
        s.racks().forEach(sn.putArray("racks")::add);
      }
    });
    return bytes(n);
  }

  static StoredJob job(byte[] data) {
    JsonNode n = read(data);
    Map<String, List<Split>> splits = new LinkedHashMap<>();
    n.path("splits").fields().forEachRemaining(e -> {
      List<Split> list = new ArrayList<>();
      for (JsonNode sn : e.getValue()) {
        list.add(new Split(URI.create(sn.get("path").asText()), sn.get("offset").asLong(), sn.get("length").asLong(),
            texts(sn.path("hosts")), texts(sn.path("racks"))));
      }
      splits.put(e.getKey(), list);
    });
    return new StoredJob(n.get("jobId").asText(), n.get("spec").asText(), Format.valueOf(n.get("format").asText()),
        n.get("submittedAt").asLong(), splits);
  }

  static byte[] state(StoredJobState s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("killed", s.killed());
    n.put("phase", s.phase().name());
    n.put("endedAt", s.endedAt());
    return bytes(n);
  }

  static StoredJobState state(byte[] data) {
    JsonNode n = read(data);
    return new StoredJobState(n.get("killed").asBoolean(), JobPhase.valueOf(n.get("phase").asText()),
        n.get("endedAt").asLong());
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static JsonNode read(byte[] data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      throw new JobStoreException("a stored record is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Optional<String> text(JsonNode n, String field) {
    return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
  }

  private static List<String> texts(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }
}
