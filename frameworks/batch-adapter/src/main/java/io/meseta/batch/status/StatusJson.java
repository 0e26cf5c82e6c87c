package io.meseta.batch.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.store.StoreCodec;
import java.util.ArrayList;
import java.util.List;

/** {@link JobStatus} as JSON, as the job service's HTTP API sends it. */
public final class StatusJson {
  private StatusJson() {}

  /** With {@code withTasks} false, the task list is left out (job lists). */
  public static ObjectNode toJson(JobStatus s, boolean withTasks) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("jobId", s.jobId());
    n.put("name", s.name());
    n.put("phase", s.phase().name());
    n.put("submittedAt", s.submittedAt());
    n.put("endedAt", s.endedAt());
    ObjectNode counts = n.putObject("counts");
    s.counts().forEach((p, c) -> counts.put(p.name(), c));
    ObjectNode loc = n.putObject("locality");
    loc.put("nodeLocal", s.locality().nodeLocal());
    loc.put("rackLocal", s.locality().rackLocal());
    loc.put("elsewhere", s.locality().elsewhere());
    if (withTasks) {
      ArrayNode tasks = n.putArray("tasks");
      s.tasks().forEach(t -> tasks.add(StoreCodec.taskJson(t)));
    }
    return n;
  }

  public static JobStatus fromJson(JsonNode n) {
    List<TaskRecord> tasks = new ArrayList<>();
    n.path("tasks").forEach(t -> tasks.add(StoreCodec.task(t)));
    java.util.Map<io.meseta.batch.engine.TaskPhase, Integer> counts = new java.util.EnumMap<>(
        io.meseta.batch.engine.TaskPhase.class);
    n.path("counts").fields().forEachRemaining(e ->
        counts.put(io.meseta.batch.engine.TaskPhase.valueOf(e.getKey()), e.getValue().asInt()));
    JsonNode loc = n.path("locality");
    return new JobStatus(n.get("jobId").asText(), n.get("name").asText(), JobPhase.valueOf(n.get("phase").asText()),
        n.path("submittedAt").asLong(), n.path("endedAt").asLong(), counts,
        new Tally(loc.path("nodeLocal").asInt(), loc.path("rackLocal").asInt(), loc.path("elsewhere").asInt()), tasks);
  }
}
