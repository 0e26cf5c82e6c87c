package io.meseta.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import org.apache.spark.scheduler.TaskSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's task scheduler with two additions. Racks: a host's rack is its Meseta agent's
 * {@code rack} attribute, learnt from offers ({@link #rememberRack}), so Spark schedules tasks
 * RACK_LOCAL when no executor sits on a host holding their data; hosts no agent has offered are
 * on no known rack. Failure: once the backend finds the application cannot run (see
 * {@link #fail}), running jobs are aborted with the reason, and so is every job submitted later,
 * instead of waiting forever for executors.
 */
final class MesetaTaskScheduler extends TaskSchedulerImpl {
  private static final Logger LOG = LoggerFactory.getLogger(MesetaTaskScheduler.class);

  private final Map<String, String> racks = new ConcurrentHashMap<>();
  private volatile String failure;

  MesetaTaskScheduler(SparkContext sc) {
    super(sc);
  }

  /** Records the rack of an agent's host (from an offer). */
  void rememberRack(String host, String rack) {
    if (host != null && !host.isEmpty() && rack != null && !rack.isEmpty()) {
      racks.put(host, rack);
    }
  }

  @Override
  public scala.collection.immutable.Seq<Option<String>> getRacksForHosts(
      scala.collection.immutable.Seq<String> hosts) {
    List<Option<String>> out = new ArrayList<>();
    for (String host : CollectionConverters.asJava(hosts)) {
      out.add(Option.apply(racks.get(host)));
    }
    return CollectionConverters.asScala(out).toList();
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
