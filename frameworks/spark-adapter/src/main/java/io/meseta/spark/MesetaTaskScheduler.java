package io.meseta.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import org.apache.spark.scheduler.TaskSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark's task scheduler with one addition: once the backend finds the application cannot run
 * (see {@link #fail}), running jobs are aborted with the reason, and so is every job submitted
 * later, instead of waiting forever for executors.
 */
final class MesetaTaskScheduler extends TaskSchedulerImpl {
  private static final Logger LOG = LoggerFactory.getLogger(MesetaTaskScheduler.class);

  private volatile String failure;

  MesetaTaskScheduler(SparkContext sc) {
    super(sc);
  }

  /** The application cannot run: abort what runs now and whatever comes later. */
  void fail(String message) {
    failure = message;
    abortAll(message);
  }

  @Override
  public void submitTasks(TaskSet taskSet) {
    super.submitTasks(taskSet);
    String f = failure;
    if (f != null) {
      abortAll(f);
    }
  }

  private void abortAll(String message) {
    try {
      error(message);
    } catch (RuntimeException e) {
      // No task set is active: TaskSchedulerImpl.error throws then. The next job is aborted on submission.
      LOG.debug("no active task set to abort: {}", e.getMessage());
    }
  }
}
