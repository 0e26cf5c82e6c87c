package io.meseta.spark;

import io.meseta.client.FrameworkClient;
import io.meseta.client.MesetaCallException;
import io.meseta.protocol.thrift.FrameworkInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.scheduler.ExecutorProcessLost;
import org.apache.spark.scheduler.cluster.CoarseGrainedSchedulerBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's scheduler backend on Meseta: registers the application as a Meseta framework and runs
 * its executors ({@code CoarseGrainedExecutorBackend}) as Meseta tasks, one JVM per task, each
 * in its own sandbox and with {@code --hostname} equal to its agent's host name.
 *
 * <p>Registration must succeed within {@code spark.meseta.registration.timeout}, or {@link #start}
 * throws and the SparkContext is not created. An executor task that ends (FAILED, LOST, KILLED,
 * ...) becomes Spark executor loss with the task's reason, and a replacement is launched while
 * the application still wants it. {@link #stop} stops the executors and tears the framework down,
 * which kills any executor still running.
 */
public final class MesetaSchedulerBackend extends CoarseGrainedSchedulerBackend {
  private static final Logger LOG = LoggerFactory.getLogger(MesetaSchedulerBackend.class);
  private static final int DEFAULT_PROFILE = ResourceProfile.DEFAULT_RESOURCE_PROFILE_ID();

  private final SparkContext sc;
  private final MesetaTaskScheduler scheduler;
  private final MesetaMasterUrl master;
  private final MesetaSettings settings;
  private final MesetaExecutorScheduler executors;
  private final LauncherLink launcher;
  private volatile FrameworkClient client;
  private volatile String frameworkId;

  MesetaSchedulerBackend(MesetaTaskScheduler scheduler, SparkContext sc, MesetaMasterUrl master) {
    super(scheduler, sc.env().rpcEnv());
    this.sc = sc;
    this.scheduler = scheduler;
    this.master = master;
    this.settings = MesetaSettings.from(sc.conf());
    this.executors = new MesetaExecutorScheduler(settings, this::executorCommand, executorEnvironment(sc),
        new SparkSide(), scheduler::rememberRack, System::nanoTime);
    this.launcher = new LauncherLink(sc.conf(), () -> sc.stopInNewThread());
  }

  @Override
  public void start() {
    super.start();
    launcher.connect();
    FrameworkInfo info = new FrameworkInfo(sc.appName(), sc.sparkUser()).setRole(settings.role())
        .setHostname(sc.conf().get("spark.driver.host", ""));
    FrameworkClient c = FrameworkClient.builder(master.address(), info, executors)
        .failoverTimeout(Duration.ZERO).build();
    executors.attach(c);
    client = c;
    LOG.info("registering Spark application '{}' with the Meseta master {} (role {}), wanting {} executor(s) of {}",
        sc.appName(), master.address(), settings.role(), settings.initialExecutors(), settings.executor());
    c.start();
    try {
      frameworkId = c.awaitRegistered(settings.registrationTimeout());
    } catch (TimeoutException e) {
      c.stop();
      throw failure("could not register with the Meseta master at " + master.address() + " within "
          + settings.registrationTimeout().toSeconds() + " s (" + MesetaSettings.REGISTRATION_TIMEOUT
          + "): is a master running there?", e);
    } catch (MesetaCallException e) {
      c.stop();
      throw failure("the Meseta master at " + master.address() + " refused the Spark framework: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      c.stop();
      Thread.currentThread().interrupt();
      throw failure("interrupted while registering with the Meseta master at " + master.address(), e);
    }
    LOG.info("registered with Meseta as framework {}", frameworkId);
    if (!settings.localityPaths().isEmpty()) {
      try {
        c.setLocality(Map.of(), Map.of(), settings.localityPaths(), Optional.empty(), Optional.empty());
        executors.localityStated();
        LOG.info("executors prefer the hosts of {} ({})", settings.localityPaths(), MesetaSettings.LOCALITY_PATHS);
      } catch (MesetaCallException e) {
        c.stopAndTeardown();
        throw failure("the Meseta master cannot resolve " + MesetaSettings.LOCALITY_PATHS + " "
            + settings.localityPaths() + ": " + e.getMessage(), e);
      }
    }
    launcher.setAppId(frameworkId);
    launcher.setState(SparkAppHandle.State.RUNNING);
  }

  private static MesetaSchedulerException failure(String message, Exception cause) {
    LOG.error(message);
    return new MesetaSchedulerException(message, cause);
  }

  @Override
  public String applicationId() {
    String id = frameworkId;
    return id != null ? id : super.applicationId();
  }

  @Override
  public void stop() {
    List<ExecutorTracker.Executor> alive = executors.stopping();
    try {
      super.stop();
    } finally {
      FrameworkClient c = client;
      if (c != null && frameworkId == null) {
        c.stop();
      } else if (c != null) {
        try {
          LOG.info("stopping: tearing down framework {} ({} executor task(s) still alive)", frameworkId, alive.size());
          c.stopAndTeardown();
        } catch (RuntimeException e) {
          LOG.warn("tearing down framework {} failed: {}", frameworkId, e.getMessage());
        }
      }
      launcher.setState(SparkAppHandle.State.FINISHED);
      launcher.close();
    }
  }

  @Override
  public Future<Object> doRequestTotalExecutors(scala.collection.immutable.Map<ResourceProfile, Object> totals) {
    for (Tuple2<ResourceProfile, Object> e : CollectionConverters.asJava(totals.toSeq())) {
      if (e._1().id() == DEFAULT_PROFILE) {
        executors.setTarget((Integer) e._2());
      } else {
        LOG.warn("resource profile {} is not supported on Meseta yet; its {} executor(s) are not launched",
            e._1().id(), e._2());
      }
    }
    publishLocality();
    return Future.successful(Boolean.TRUE);
  }

  /** Spark's host-to-task counts for the default profile become the framework's Meseta locality wishes. */
  private void publishLocality() {
    FrameworkClient c = client;
    Option<scala.collection.immutable.Map<String, Object>> hosts = rpHostToLocalTaskCount().get(DEFAULT_PROFILE);
    if (c == null || hosts.isEmpty()) {
      return;
    }
    Map<String, Integer> wishes = new HashMap<>();
    CollectionConverters.asJava(hosts.get()).forEach((host, n) -> wishes.put(host, (Integer) n));
    try {
      c.setLocality(wishes, Map.of(), settings.localityPaths(), Optional.empty(), Optional.empty());
    } catch (RuntimeException e) {
      LOG.warn("could not pass locality wishes {} to Meseta: {}", wishes, e.getMessage());
    }
  }

  @Override
  public Future<Object> doKillExecutors(scala.collection.immutable.Seq<String> executorIds) {
    executors.kill(new ArrayList<>(CollectionConverters.asJava(executorIds)));
    return Future.successful(Boolean.TRUE);
  }

  @Override
  public boolean sufficientResourcesRegistered() {
    return executors.failed()
        || totalRegisteredExecutors().get() >= Math.ceil(settings.initialExecutors() * settings.minRegisteredRatio());
  }

  private String executorCommand(String executorId, String hostname) {
    SparkConf conf = sc.conf();
    String driverUrl = "spark://" + CoarseGrainedSchedulerBackend.ENDPOINT_NAME() + "@" + conf.get("spark.driver.host")
        + ":" + conf.get("spark.driver.port");
    List<String> startup = new ArrayList<>();
    for (Tuple2<String, String> kv : conf.getAll()) {
      if (SparkConf.isExecutorStartupConf(kv._1())) {
        startup.add("-D" + kv._1() + "=" + kv._2());
      }
    }
    startup.sort(null);
    List<String> extra = new ArrayList<>(CollectionConverters.asJava(
        org.apache.spark.util.Utils.splitCommandString(conf.get("spark.executor.extraJavaOptions", ""))));
    return new ExecutorCommand(settings.javaBinary(), List.of(JavaModuleOptions.defaultModuleOptionArray()),
        settings.executor().heapMb(), extra, startup, settings.classpath(), driverUrl, executorId, hostname,
        settings.executor().cores(), applicationId()).shell();
  }

  private static Map<String, String> executorEnvironment(SparkContext sc) {
    Map<String, String> env = new HashMap<>();
    if (sc.conf().getBoolean("spark.authenticate", false)) {
      env.put("_SPARK_AUTH_SECRET", sc.env().securityManager().getSecretKey());
    }
    CollectionConverters.asJava(sc.executorEnvs()).forEach(env::put);
    return env;
  }

  /** What the Meseta side tells Spark. */
  private final class SparkSide implements MesetaExecutorScheduler.Listener {
    @Override
    public void executorEnded(String executorId, String reason) {
      removeExecutor(executorId, new ExecutorProcessLost(reason, Option.empty(), false));
    }

    @Override
    public void fatal(String message) {
      scheduler.fail(message);
      launcher.setState(SparkAppHandle.State.FAILED);
    }
  }
}
