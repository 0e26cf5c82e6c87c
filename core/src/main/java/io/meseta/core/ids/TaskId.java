package io.meseta.core.ids;

/** Identifies one task. Compared by value; ordered so that iteration is deterministic. */
public record TaskId(String value) implements Comparable<TaskId> {
  public TaskId {
    Ids.check("task id", value);
  }

  public static TaskId of(String value) {
    return new TaskId(value);
  }

  @Override
  public int compareTo(TaskId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
