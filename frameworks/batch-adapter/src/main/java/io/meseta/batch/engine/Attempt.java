package io.meseta.batch.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt of one task of a job; its Meseta task id is {@code JOB_ID.TASK_KEY.aN}, so that the
 * attempts of a task, and the tasks of jobs, never share an id.
 */
public record Attempt(String jobId, String taskKey, int number) {
  private static final Pattern ID = Pattern.compile("(.+)\\.a(\\d+)");

  public Attempt {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(taskKey, "taskKey");
    if (number < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + number);
    }
  }

  /** The Meseta task id. */
  public String taskId() {
    return jobId + "." + taskKey + ".a" + number;
  }

  /** The attempt a Meseta task id names, if it is one of job {@code jobId}'s. */
  public static Optional<Attempt> parse(String jobId, String taskId) {
    if (!taskId.startsWith(jobId + ".")) {
      return Optional.empty();
    }
    Matcher m = ID.matcher(taskId.substring(jobId.length() + 1));
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Attempt(jobId, m.group(1), Integer.parseInt(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
