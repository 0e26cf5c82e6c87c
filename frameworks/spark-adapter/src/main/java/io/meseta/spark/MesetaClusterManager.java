package io.meseta.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.scheduler.SchedulerBackend;
import org.apache.spark.scheduler.TaskScheduler;
import org.apache.spark.scheduler.TaskSchedulerImpl;

/**
 * Spark's entry point for Meseta, found through {@code META-INF/services}: takes the master URLs
 * {@code meseta://HOST:PORT}, {@code meseta://zk://HOST:PORT[,...]/PATH} and, for stock
 * {@code spark-submit} in client mode, the same behind {@code spark+meseta://}.
 */
public final class MesetaClusterManager implements ExternalClusterManager {
  @Override
  public boolean canCreate(String masterURL) {
    return MesetaMasterUrl.isMeseta(masterURL);
  }

  @Override
  public TaskScheduler createTaskScheduler(SparkContext sc, String masterURL) {
    MesetaMasterUrl.parse(masterURL); // fail here, naming the problem, before anything starts
    MesetaSettings.from(sc.conf());
    return new MesetaTaskScheduler(sc);
  }

  @Override
  public SchedulerBackend createSchedulerBackend(SparkContext sc, String masterURL, TaskScheduler scheduler) {
    return new MesetaSchedulerBackend((MesetaTaskScheduler) scheduler, sc, MesetaMasterUrl.parse(masterURL));
  }

  @Override
  public void initialize(TaskScheduler scheduler, SchedulerBackend backend) {
    ((TaskSchedulerImpl) scheduler).initialize(backend);
  }
}
