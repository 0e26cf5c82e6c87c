package io.meseta.batch.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch job as its spec describes it, parsed by {@link JobSpecParser} and checked by
 * {@link JobSpecValidator}.
 *
 * @param name             the job's name ({@code [A-Za-z0-9][A-Za-z0-9_-]*})
 * @param role             the Meseta role its tasks run under
 * @param maxParallelTasks how many of its tasks may run at once
 * @param failurePolicy    what a task that failed for good does to the job
 * @param outputDir        the job's output directory, given to every task ({@code MESETA_JOB_OUTPUT_DIR})
 * @param stages           in the order of the spec
 */
public record JobSpec(String name, String role, int maxParallelTasks, FailurePolicy failurePolicy,
    Optional<String> outputDir, List<StageSpec> stages) {
  public static final int DEFAULT_MAX_PARALLEL = 100;

  public JobSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    Objects.requireNonNull(outputDir, "outputDir");
    stages = List.copyOf(stages);
  }

  public Optional<StageSpec> stage(String stageName) {
    return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
  }
}
