package io.meseta.spark.submit;

import io.meseta.protocol.thrift.TaskState;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The state of a cluster-mode submission, from its tasks ({@code supervisor}, {@code driver-N}):
 * SUBMITTED until a driver is launched; RUNNING while the newest driver is alive; RELAUNCHING
 * while a supervised driver failed and the supervisor waits for an offer; otherwise the final
 * state of the newest driver (FINISHED, FAILED, KILLED, LOST, ERROR), or FAILED if the
 * supervisor ended without launching one.
 */
public final class SubmissionState {
  /** One task of the submission. */
  public record Task(String taskId, TaskState state) {}

  private SubmissionState() {}

  public static String of(List<Task> tasks) {
    Optional<Task> supervisor = tasks.stream().filter(t -> t.taskId().equals("supervisor")).findFirst();
    boolean supervising = supervisor.map(t -> !DriverSupervisor.isTerminal(t.state())).orElse(true);
    Optional<Task> newest = tasks.stream().filter(t -> t.taskId().startsWith("driver-"))
        .max(Comparator.comparingInt(t -> Integer.parseInt(t.taskId().substring("driver-".length()))));
    if (newest.isEmpty()) {
      return supervising ? "SUBMITTED" : "FAILED";
    }
    TaskState s = newest.get().state();
    if (!DriverSupervisor.isTerminal(s)) {
      return "RUNNING";
    }
    if (s != TaskState.FINISHED && s != TaskState.KILLED && supervising) {
      return "RELAUNCHING";
    }
    return s.name();
  }
}
