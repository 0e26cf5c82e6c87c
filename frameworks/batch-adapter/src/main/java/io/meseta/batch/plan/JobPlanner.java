package io.meseta.batch.plan;

import io.meseta.batch.spec.JobSpec;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.JobSpecValidator;
import io.meseta.batch.spec.StageSpec;
import io.meseta.batch.spec.TaskSpec;
import io.meseta.hdfs.locality.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a validated spec into a {@link JobPlan}: every listed task, and one task per split of each forEach input. */
public final class JobPlanner {
  private JobPlanner() {}

  /**
   * Plans {@code spec} under {@code jobId}.
   *
   * @throws JobSpecException if the spec is not valid, or an input is missing or empty (every such problem)
   */
  public static JobPlan plan(String jobId, JobSpec spec, SplitSource splits) throws JobSpecException {
    JobSpecValidator.validate(spec);
    List<PlannedTask> tasks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (StageSpec stage : spec.stages()) {
      if (stage.forEach().isEmpty()) {
        for (int i = 0; i < stage.tasks().size(); i++) {
          TaskSpec t = stage.tasks().get(i);
          tasks.add(new PlannedTask(stage.name() + "." + t.name(), stage.name(), i, t, Optional.empty()));
        }
        continue;
      }
      List<Split> found;
      try {
        found = splits.splits(stage.name(), stage.forEach().get());
      } catch (JobSpecException e) {
        problems.addAll(e.problems());
        continue;
      }
      if (found.isEmpty()) {
        problems.add("stage '" + stage.name() + "' forEach.input " + stage.forEach().get().inputs()
            + " holds no files to run over");
      }
      for (int i = 0; i < found.size(); i++) {
        tasks.add(new PlannedTask(String.format("%s.%05d", stage.name(), i), stage.name(), i, stage.template(),
            Optional.of(found.get(i))));
      }
    }
    if (!problems.isEmpty()) {
      throw new JobSpecException(problems);
    }
    return new JobPlan(jobId, spec, tasks);
  }
}
