package io.meseta.batch.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage: a list of tasks, or one task per split of an input ({@code forEach} with a task
 * template). It starts once every stage it {@code dependsOn} has succeeded.
 */
public record StageSpec(String name, List<String> dependsOn, List<TaskSpec> tasks, Optional<ForEachSpec> forEach) {
  public StageSpec {
    Objects.requireNonNull(name, "name");
    dependsOn = List.copyOf(dependsOn);
    tasks = List.copyOf(tasks);
    Objects.requireNonNull(forEach, "forEach");
  }

  /** A stage of the given tasks. */
  public static StageSpec ofTasks(String name, List<String> dependsOn, List<TaskSpec> tasks) {
    return new StageSpec(name, dependsOn, tasks, Optional.empty());
  }

  /** A stage of one task per split of {@code input}, each from {@code template}. */
  public static StageSpec forEach(String name, List<String> dependsOn, ForEachSpec input, TaskSpec template) {
    return new StageSpec(name, dependsOn, List.of(template), Optional.of(input));
  }

  /** The template of a forEach stage. */
  public TaskSpec template() {
    if (forEach.isEmpty()) {
      throw new IllegalStateException("stage " + name + " is not a forEach stage");
    }
    return tasks.get(0);
  }
}
