package io.meseta.slave.logs;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.meseta.core.task.TaskState;
import io.meseta.hdfs.logs.ArchivedLogs;
import io.meseta.hdfs.logs.LogArchiveException;
import io.meseta.hdfs.logs.LogArchiver;
import io.meseta.slave.status.TaskKey;
import io.meseta.slave.task.TaskEndListener;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each ended task's {@code stdout} and {@code stderr} to the agent's log archive
 * ({@code log_archive_dir/FRAMEWORK_ID/TASK_ID/}, through {@link LogArchiver}), one task at a time
 * on a thread of its own ("log-archiver"), so a slow or unreachable file system never holds up
 * status updates. A copy that fails is logged and counted ({@code logs.archive_failed}); the
 * sandbox keeps the files either way. {@link #close} lets the copies queued so far finish.
 */
public final class TaskLogArchive implements TaskEndListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskLogArchive.class);

  private final LogArchiver archiver;
  private final URI root;
  private final ExecutorService thread;
  private final Counter archived;
  private final Counter failed;

  public TaskLogArchive(LogArchiver archiver, URI root, MetricRegistry metrics) {
    this.archiver = Objects.requireNonNull(archiver, "archiver");
    this.root = Objects.requireNonNull(root, "root");
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "log-archiver");
      t.setDaemon(true);
      return t;
    });
    this.archived = metrics.counter("logs.archived");
    this.failed = metrics.counter("logs.archive_failed");
  }

  public URI root() {
    return root;
  }

  @Override
  public void ended(TaskKey key, Path sandbox, TaskState state) {
    try {
      thread.execute(() -> archive(key, sandbox));
    } catch (RejectedExecutionException e) {
      LOG.warn("Not archiving the output of task {}: the agent is stopping", key);
    }
  }

  private void archive(TaskKey key, Path sandbox) {
    try {
      ArchivedLogs done = archiver.archive(sandbox, key.frameworkId().value(), key.taskId().value(), root);
      archived.inc();
      LOG.debug("Archived the output of task {} to {}", key, done.directory());
    } catch (LogArchiveException | RuntimeException e) {
      failed.inc();
      LOG.warn("Cannot archive the output of task {}: {}", key, e.getMessage());
    }
  }

  /** Stops taking tasks and waits up to {@code wait} for the copies already queued. */
  public void close(Duration wait) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Log archiving did not finish within {}; the rest stays in the sandboxes", wait);
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops at once: copies not started are dropped (an agent crashing on request). */
  public void abort() {
    thread.shutdownNow();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return "log archive " + root;
  }
}
