package io.meseta.batch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.plan.PlannedTask.Placement;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.discovery.ZkSettings;
import io.meseta.discovery.ZkUrl;
import io.meseta.hdfs.locality.Split;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same store contract in a local directory and in a real (in-process) ZooKeeper. */
class JobStoreTest {
  @TempDir
  Path dir;

  private static final StoredJob JOB = new StoredJob("wc-1", "name: wc\n", Format.YAML, 42,
      Map.of("count", List.of(new Split(URI.create("hdfs://nn:8020/in"), 0, 100, List.of("h1", "h2"), List.of("/r1")),
          new Split(URI.create("hdfs://nn:8020/in"), 100, 5, List.of(), List.of()))));
  private static final TaskRecord RUNNING = new TaskRecord("count.00000", TaskPhase.RUNNING, 2, 0, 1000, 1200, 0,
      Optional.of("h1"), Optional.of(Placement.NODE_LOCAL), Optional.of("attempt 1 failed: exit 1"), false);
  private static final TaskRecord DONE = new TaskRecord("count.00001", TaskPhase.FINISHED, 1, 0, 900, 950, 1900,
      Optional.empty(), Optional.empty(), Optional.empty(), true);

  private static void roundTrip(Supplier<JobStore> open) {
    try (JobStore store = open.get()) {
      assertEquals(Optional.empty(), store.frameworkId());
      store.saveFrameworkId("F-1");
      store.createJob(JOB);
      store.saveTasks("wc-1", List.of(RUNNING, DONE));
      store.saveTasks("wc-1", List.of(RUNNING));
    }
    try (JobStore store = open.get()) {
      assertEquals(Optional.of("F-1"), store.frameworkId());
      assertEquals(List.of(JOB), store.jobs());
      assertEquals(StoredJobState.RUNNING, store.jobState("wc-1"));
      assertEquals(Map.of(RUNNING.key(), RUNNING, DONE.key(), DONE), store.tasks("wc-1"));
      store.saveJobState("wc-1", new StoredJobState(true, JobPhase.KILLED, 77));
      assertEquals(new StoredJobState(true, JobPhase.KILLED, 77), store.jobState("wc-1"));
      assertEquals(Map.of(), store.tasks("nope"));
    }
  }

  @Test
  void aLocalStoreKeepsEverythingAcrossReopening() {
    roundTrip(() -> JobStore.local(dir.resolve("state")));
  }

  @Test
  void aZooKeeperStoreKeepsEverythingAcrossReopening() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      ZkUrl url = ZkUrl.parse("zk://" + zk.getConnectString() + "/meseta/batch");
      roundTrip(() -> JobStore.zooKeeper(url, ZkSettings.DEFAULT));
    }
  }
}
