package io.meseta.batch.service;

import io.meseta.batch.framework.BatchFramework;
import io.meseta.batch.plan.HdfsSplitSource;
import io.meseta.batch.plan.JobPlan;
import io.meseta.batch.plan.JobPlanner;
import io.meseta.batch.plan.PlannedTask;
import io.meseta.batch.spec.JobSpec;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.JobSpecParser;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.batch.store.JobStore;
import io.meseta.batch.store.StoredJob;
import io.meseta.client.FrameworkClient;
import io.meseta.core.time.Clock;
import io.meseta.core.time.SystemClock;
import io.meseta.discovery.ZkSettings;
import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.locality.Split;
import io.meseta.protocol.thrift.FrameworkInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/meseta batch-service}: a long-running Meseta framework that accepts jobs over a small
 * HTTP+JSON API ({@link JobHttpApi}), runs them with a {@link BatchFramework}, and keeps their state
 * in a {@link JobStore} (ZooKeeper or a local directory). Started again on the same store, it
 * registers under the same framework id (within the failover timeout the master kept its tasks),
 * takes its jobs back and reconciles their running attempts: finished tasks do not run again.
 * {@link #close()} leaves the framework registered, so that a restarted service carries on.
 */
public final class JobService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

  private final ServiceConfig config;
  private final Clock clock;
  private final JobStore store;
  private final HadoopFileSystems fileSystems;
  private final BatchFramework framework;
  private final FrameworkClient client;
  private final JobHttpApi api;

  private JobService(ServiceConfig config, Clock clock, JobStore store, HadoopFileSystems fileSystems) throws IOException {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.fileSystems = fileSystems;
    this.framework = new BatchFramework(store, clock, config.locality());
    FrameworkInfo info = new FrameworkInfo(config.frameworkName(), config.user()).setRole(config.role());
    store.frameworkId().ifPresent(info::setFrameworkId);
    this.client = FrameworkClient.builder(config.master(), info, framework).failoverTimeout(config.failoverTimeout())
        .build();
    this.api = new JobHttpApi(this, new InetSocketAddress(config.bindHost(), config.port()));
  }

  /**
   * Opens the store, takes back its jobs, registers with the master and starts the HTTP API.
   *
   * @throws HadoopConfigException if the Hadoop configuration cannot be loaded
   * @throws IOException           if the HTTP port cannot be bound
   * @throws io.meseta.batch.store.JobStoreException if the store cannot be opened or read
   */
  /** The master this service runs its tasks through, as configured ({@code HOST:PORT} or {@code zk://...}). */
  public String master() {
    return config.master();
  }

  public static JobService start(ServiceConfig config) throws HadoopConfigException, IOException, InterruptedException {
    HadoopConf conf = HadoopConf.load(config.hadoopConfDir());
    JobStore store = config.zk().map(zk -> JobStore.zooKeeper(zk, ZkSettings.DEFAULT))
        .orElseGet(() -> JobStore.local(config.stateDir()));
    HadoopFileSystems fileSystems = new HadoopFileSystems(conf);
    JobService service;
    try {
      service = new JobService(config, SystemClock.INSTANCE, store, fileSystems);
      service.recoverJobs();
    } catch (IOException | RuntimeException e) {
      store.close();
      fileSystems.close();
      throw e;
    }
    service.client.start();
    service.api.start();
    LOG.info("batch service listening on {} for master {}, state in {}", service.address(), config.master(),
        store.describe());
    return service;
  }

  private void recoverJobs() throws InterruptedException {
    for (StoredJob stored : store.jobs()) {
      try {
        JobSpec spec = JobSpecParser.parse(stored.specText(), stored.format());
        JobPlan plan = JobPlanner.plan(stored.jobId(), spec,
            (stage, input) -> stored.splits().getOrDefault(stage, List.of()));
        framework.recover(stored, plan, store.jobState(stored.jobId())).get();
      } catch (JobSpecException | ExecutionException e) {
        LOG.error("cannot take back stored job {}: {}", stored.jobId(), e.getMessage());
      }
    }
  }

  /**
   * Plans a job (resolving its inputs' splits through the name node) and starts it.
   *
   * @return the new job's id
   * @throws JobSpecException naming every problem of the spec or its inputs; nothing is started then
   */
  public String submit(String specText, Format format) throws JobSpecException, InterruptedException {
    JobSpec spec = JobSpecParser.parse(specText, format);
    if (!spec.role().equals(config.role()) && !spec.role().equals("*")) {
      throw new JobSpecException("role: this service runs jobs of role '" + config.role() + "', not '"
          + spec.role() + "'");
    }
    String jobId = newJobId(spec.name());
    JobPlan plan = JobPlanner.plan(jobId, spec, new HdfsSplitSource(fileSystems));
    Map<String, List<Split>> splits = new LinkedHashMap<>();
    for (PlannedTask t : plan.tasks()) {
      t.split().ifPresent(s -> splits.computeIfAbsent(t.stage(), k -> new ArrayList<>()).add(s));
    }
    try {
      return framework.submit(new StoredJob(jobId, specText, format, clock.millis(), splits), plan).get();
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
  }

  private long lastIdMillis;

  /** {@code NAME-TIME} with TIME in base 36 milliseconds, strictly increasing in this service. */
  private synchronized String newJobId(String name) {
    lastIdMillis = Math.max(clock.millis(), lastIdMillis + 1);
    return name + "-" + Long.toString(lastIdMillis, 36);
  }

  /** Kills a job's tasks; false if there is no such job. */
  public boolean kill(String jobId) throws InterruptedException {
    try {
      return framework.kill(jobId).get();
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
  }

  public Map<String, JobStatus> jobs() {
    return framework.jobs();
  }

  public Optional<JobStatus> job(String jobId) {
    return framework.job(jobId);
  }

  /** The framework id, once registered. */
  public Optional<String> frameworkId() {
    return client.frameworkId();
  }

  /** Where the HTTP API listens. */
  public InetSocketAddress address() {
    return api.address();
  }

  public BatchFramework framework() {
    return framework;
  }

  /** Stops the API and the client; the framework stays registered (its tasks run on) for a restarted service. */
  @Override
  public void close() {
    api.close();
    client.stop();
    framework.close();
    store.close();
    fileSystems.close();
  }
}
