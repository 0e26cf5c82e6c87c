package io.meseta.batch.plan;

import io.meseta.batch.spec.JobSpec;
import io.meseta.batch.spec.StageSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A job ready to run: its id, its spec and every one of its tasks, stage by stage in spec order. */
public record JobPlan(String jobId, JobSpec spec, List<PlannedTask> tasks) {
  public JobPlan {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(spec, "spec");
    tasks = List.copyOf(tasks);
  }

  public Optional<PlannedTask> task(String key) {
    return tasks.stream().filter(t -> t.key().equals(key)).findFirst();
  }

  /** The tasks of each stage, stages in spec order. */
  public Map<String, List<PlannedTask>> byStage() {
    Map<String, List<PlannedTask>> out = new LinkedHashMap<>();
    for (StageSpec s : spec.stages()) {
      out.put(s.name(), tasks.stream().filter(t -> t.stage().equals(s.name())).toList());
    }
    return out;
  }
}
