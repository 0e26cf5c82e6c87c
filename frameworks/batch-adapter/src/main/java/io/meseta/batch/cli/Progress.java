package io.meseta.batch.cli;

import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.status.JobStatus;
import java.io.PrintWriter;

/**
 * Shows a job's progress: on a terminal, one line redrawn in place with a bar; otherwise a line
 * each time the summary changes (so logs stay readable).
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private String last = "";

  Progress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(JobStatus s) {
    String line = bar(s);
    if (terminal) {
      out.print("\r" + line + "\u001b[K");
      out.flush();
    } else if (!line.equals(last)) {
      out.println(line);
      out.flush();
    }
    last = line;
  }

  void finish(JobStatus s) {
    if (terminal) {
      out.println();
    }
    out.println(s.summary());
    s.tasks().stream().filter(t -> t.phase() == TaskPhase.FAILED)
        .forEach(t -> out.println("  " + t.key() + " FAILED: " + t.message().orElse("")));
    out.flush();
  }

  static String bar(JobStatus s) {
    int total = Math.max(1, s.tasks().isEmpty() ? s.counts().values().stream().mapToInt(Integer::intValue).sum()
        : s.tasks().size());
    int done = s.tasks().isEmpty() ? doneFromCounts(s) : s.done();
    int filled = (int) ((long) WIDTH * done / total);
    StringBuilder b = new StringBuilder("[");
    b.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    b.append(done).append('/').append(total).append(" done, ")
        .append(s.count(TaskPhase.RUNNING) + s.count(TaskPhase.LAUNCHED)).append(" running");
    if (s.count(TaskPhase.FAILED) > 0) {
      b.append(", ").append(s.count(TaskPhase.FAILED)).append(" failed");
    }
    b.append(" ").append(s.phase());
    return b.toString();
  }

  private static int doneFromCounts(JobStatus s) {
    return s.count(TaskPhase.FINISHED) + s.count(TaskPhase.FAILED) + s.count(TaskPhase.SKIPPED)
        + s.count(TaskPhase.KILLED);
  }
}
