package io.meseta.batch.store;

import io.meseta.batch.engine.TaskRecord;
import io.meseta.discovery.ZkSettings;
import io.meseta.discovery.ZkUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * Where the job service keeps what must survive it: its framework id, each job (spec and splits),
 * each job's state and each task's latest record. Layout, in a directory or under a znode:
 * {@code framework-id}, {@code jobs/JOB/job}, {@code jobs/JOB/state}, {@code jobs/JOB/tasks/TASK}.
 * Every write is durable when it returns. Used by one thread at a time.
 */
public final class JobStore implements AutoCloseable {
  private static final String FRAMEWORK_ID = "framework-id";

  private final Blobs blobs;

  private JobStore(Blobs blobs) {
    this.blobs = blobs;
  }

  /** A store in the local directory {@code dir} (created if missing). */
  public static JobStore local(Path dir) {
    return new JobStore(new LocalBlobs(dir));
  }

  /** A store in ZooKeeper under {@code url}'s path, with its own Curator client (closed with the store). */
  public static JobStore zooKeeper(ZkUrl url, ZkSettings settings) {
    CuratorFramework curator = settings.newClient(url);
    curator.start();
    try {
      if (!curator.blockUntilConnected((int) Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        curator.close();
        throw new JobStoreException("cannot reach ZooKeeper at " + url.connectString() + " within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      curator.close();
      throw new JobStoreException("interrupted while connecting to ZooKeeper at " + url.connectString(), e);
    }
    return new JobStore(new ZkBlobs(curator, url.path(), true));
  }

  public Optional<String> frameworkId() {
    return blobs.get(FRAMEWORK_ID).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  public void saveFrameworkId(String id) {
    blobs.put(FRAMEWORK_ID, id.getBytes(StandardCharsets.UTF_8));
  }

  /** Stores a new job, with its state RUNNING. */
  public void createJob(StoredJob job) {
    blobs.put(jobPath(job.jobId()) + "/job", StoreCodec.job(job));
    saveJobState(job.jobId(), StoredJobState.RUNNING);
  }

  public void saveJobState(String jobId, StoredJobState state) {
    blobs.put(jobPath(jobId) + "/state", StoreCodec.state(state));
  }

  public void saveTasks(String jobId, List<TaskRecord> records) {
    for (TaskRecord r : records) {
      blobs.put(jobPath(jobId) + "/tasks/" + r.key(), StoreCodec.bytes(StoreCodec.taskJson(r)));
    }
  }

  /** Every stored job, in id order. */
  public List<StoredJob> jobs() {
    List<StoredJob> out = new ArrayList<>();
    for (String id : blobs.children("jobs")) {
      blobs.get(jobPath(id) + "/job").map(StoreCodec::job).ifPresent(out::add);
    }
    return out;
  }

  public StoredJobState jobState(String jobId) {
    return blobs.get(jobPath(jobId) + "/state").map(StoreCodec::state).orElse(StoredJobState.RUNNING);
  }

  /** The stored task records of a job, by key. */
  public Map<String, TaskRecord> tasks(String jobId) {
    Map<String, TaskRecord> out = new LinkedHashMap<>();
    for (String key : blobs.children(jobPath(jobId) + "/tasks")) {
      blobs.get(jobPath(jobId) + "/tasks/" + key).map(b -> StoreCodec.task(StoreCodec.read(b)))
          .ifPresent(r -> out.put(r.key(), r));
    }
    return out;
  }

  public String describe() {
    return blobs.describe();
  }

  private static String jobPath(String jobId) {
    return "jobs/" + Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public void close() {
    blobs.close();
  }
}
