package io.meseta.spark;

import io.meseta.client.FrameworkClient;
import io.meseta.client.NotConnectedException;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.CommandUri;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Meseta side of the Spark backend: turns offers into executor tasks until the application
 * has as many executors as it wants, declines the rest, and reports ended executor tasks. Its
 * state is guarded by this object's lock; calls to Spark ({@link Listener}) are made without it.
 */
final class MesetaExecutorScheduler implements Scheduler {
  /** What the Spark side hears. */
  interface Listener {
    /** An executor's task ended: Spark must treat the executor as lost. */
    void executorEnded(String executorId, String reason);

    /** The application cannot run at all (no executor can ever be placed, or the framework was removed). */
    void fatal(String message);
  }

  private static final Logger LOG = LoggerFactory.getLogger(MesetaExecutorScheduler.class);
  private static final Set<TaskState> ENDED =
      EnumSet.of(TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED, TaskState.ERROR, TaskState.LOST);
  /** Offers too small for an executor come back soon, so the placement watch keeps seeing offers. */
  private static final double TOO_SMALL_REFUSE_SECONDS = 1;
  private static final String DEFAULT_RACK = "/default-rack";

  private final MesetaSettings settings;
  private final BiFunction<String, String, String> commandForExecutor;
  private final Map<String, String> environment;
  private final Listener listener;
  private final BiConsumer<String, String> racks;
  private final LongSupplier nanoTime;
  private final ExecutorTracker tracker;
  private final PlacementWatch watch;
  private FrameworkClient client;
  private boolean suppressed;
  private boolean stopping;
  private boolean failed;
  /** With spark.meseta.locality.paths: offers made before the master knows the paths carry no locality. */
  private boolean awaitingLocality;

  /**
   * @param commandForExecutor the shell command of an executor, from its id and its agent's host name
   * @param environment        extra environment of every executor task
   * @param racks              told the host name and rack of every offer's agent
   */
  MesetaExecutorScheduler(MesetaSettings settings, BiFunction<String, String, String> commandForExecutor,
      Map<String, String> environment, Listener listener, BiConsumer<String, String> racks, LongSupplier nanoTime) {
    this.settings = settings;
    this.commandForExecutor = commandForExecutor;
    this.environment = Map.copyOf(environment);
    this.listener = listener;
    this.racks = racks;
    this.nanoTime = nanoTime;
    this.tracker = new ExecutorTracker(settings.initialExecutors(), settings.maxExecutors());
    this.watch = new PlacementWatch(settings.unplaceableTimeout());
    this.awaitingLocality = !settings.localityPaths().isEmpty();
  }

  /** The master now knows the locality paths: offers from here on carry their locality level. */
  synchronized void localityStated() {
    awaitingLocality = false;
    reviveIfWanting();
  }

  synchronized void attach(FrameworkClient c) {
    this.client = c;
  }

  @Override
  public void resourceOffers(FrameworkClient c, List<Offer> offers) {
    Optional<String> fatal;
    synchronized (this) {
      fatal = handleOffers(c, offers);
    }
    fatal.ifPresent(listener::fatal);
  }

  private Optional<String> handleOffers(FrameworkClient c, List<Offer> offers) {
    if (stopping || failed) {
      decline(c, offers.stream().map(Offer::getOfferId).toList(), settings.declineRefuse().toSeconds());
      return Optional.empty();
    }
    if (awaitingLocality) {
      decline(c, offers.stream().map(Offer::getOfferId).toList(), 0.2);
      return Optional.empty();
    }
    List<OfferPlanner.Slot> slots = new ArrayList<>();
    Map<String, Offer> byId = new HashMap<>();
    for (Offer o : offers) {
      slots.add(new OfferPlanner.Slot(o.getOfferId(), o.getAgentId(), o.getHostname(), rackOf(o), localityOf(o),
          ResourceCodec.fromWire(o.getResources())));
      byId.put(o.getOfferId(), o);
      racks.accept(o.getHostname(), rackOf(o));
    }
    int wanted = tracker.wanted();
    OfferPlanner.Plan plan = OfferPlanner.plan(slots, wanted, settings.executor(), tracker.spread());
    plan.launches().forEach((offerId, count) -> launch(c, byId.get(offerId), count));
    boolean stillWanting = tracker.wanted() > 0;
    decline(c, plan.unused(), stillWanting ? TOO_SMALL_REFUSE_SECONDS : settings.declineRefuse().toSeconds());
    if (!stillWanting && !suppressed) {
      call("suppress", c::suppress);
      suppressed = true;
    }
    boolean stuck = tracker.alive() == 0 && wanted > 0 && !plan.anyFit() && !offers.isEmpty();
    return watch.offers(stuck, nanoTime.getAsLong()).map(d -> unplaceable(c, d, slots));
  }

  private static String rackOf(Offer o) {
    return o.isSetRack() && !o.getRack().isEmpty() ? o.getRack() : DEFAULT_RACK;
  }

  private static OfferPlanner.Locality localityOf(Offer o) {
    if (!o.isSetLocality()) {
      return OfferPlanner.Locality.ANY;
    }
    return switch (o.getLocality()) {
      case NODE_LOCAL -> OfferPlanner.Locality.NODE_LOCAL;
      case RACK_LOCAL -> OfferPlanner.Locality.RACK_LOCAL;
      default -> OfferPlanner.Locality.ANY;
    };
  }

  private String unplaceable(FrameworkClient c, Duration stuckFor, List<OfferPlanner.Slot> slots) {
    failed = true;
    call("suppress", c::suppress);
    String offered = slots.stream().map(s -> s.hostname() + " " + s.available()).sorted().toList().toString();
    String message = "No Meseta agent can run a Spark executor: each needs " + settings.executor()
        + ", but for " + stuckFor.toSeconds() + " s (" + MesetaSettings.UNPLACEABLE_TIMEOUT
        + ") no offer was large enough; last offers: " + offered
        + ". Lower spark.executor.memory/spark.executor.cores or add larger agents.";
    LOG.error(message);
    return message;
  }

  private void launch(FrameworkClient c, Offer offer, int count) {
    List<TaskInfo> tasks = new ArrayList<>();
    List<ExecutorTracker.Executor> launched = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ExecutorTracker.Executor e = tracker.launch(offer.getAgentId(), offer.getHostname(), rackOf(offer));
      launched.add(e);
      CommandInfo command = new CommandInfo().setShell(commandForExecutor.apply(e.executorId(), offer.getHostname()))
          .setEnvironment(new HashMap<>(environment));
      // Spark's jars as an archive: fetched once per agent (its fetch cache), unpacked into the sandbox.
      settings.archive().ifPresent(a -> command.setUris(List.of(new CommandUri(a).setExtract(true))));
      tasks.add(new TaskInfo(e.taskId(), "spark executor " + e.executorId(), offer.getAgentId(),
          ResourceCodec.toWire(settings.executor().resources()), command));
    }
    try {
      c.accept(List.of(offer.getOfferId()), tasks, new Filters().setRefuseSeconds(TOO_SMALL_REFUSE_SECONDS));
      watch.reset();
      LOG.info("launching executor(s) {} on {} ({} each)",
          launched.stream().map(ExecutorTracker.Executor::executorId).toList(), offer.getHostname(),
          settings.executor());
    } catch (RuntimeException ex) {
      LOG.warn("could not launch executors on {} (offer {}): {}", offer.getHostname(), offer.getOfferId(),
          ex.getMessage());
      launched.forEach(e -> tracker.ended(e.taskId()));
    }
  }

  @Override
  public void statusUpdate(FrameworkClient c, TaskStatus status) {
    Optional<ExecutorTracker.Executor> ended = Optional.empty();
    String reason = null;
    synchronized (this) {
      if (status.getState() == TaskState.RUNNING) {
        tracker.running(status.getTaskId());
      } else if (ENDED.contains(status.getState())) {
        ended = tracker.ended(status.getTaskId());
        if (ended.isPresent()) {
          reason = describe(ended.get(), status);
          if (!stopping) {
            LOG.warn(reason);
            reviveIfWanting();
          }
        }
      }
    }
    if (ended.isPresent() && !isStopping()) {
      listener.executorEnded(ended.get().executorId(), reason);
    }
  }

  private static String describe(ExecutorTracker.Executor e, TaskStatus s) {
    StringBuilder b = new StringBuilder("Meseta task ").append(e.taskId()).append(" of executor ")
        .append(e.executorId()).append(" on ").append(e.hostname()).append(" ended ").append(s.getState());
    if (s.isSetReason()) {
      b.append(" (").append(s.getReason()).append(')');
    }
    if (s.isSetExitCode()) {
      b.append(", exit code ").append(s.getExitCode());
    }
    if (s.isSetMessage() && !s.getMessage().isBlank()) {
      b.append(": ").append(s.getMessage());
    }
    return b.toString();
  }

  @Override
  public void error(FrameworkClient c, String message) {
    if (!isStopping()) {
      String m = "the Meseta master removed the Spark framework: " + message;
      LOG.error(m);
      listener.fatal(m);
    }
  }

  @Override
  public void disconnected(FrameworkClient c) {
    LOG.warn("lost the Meseta master; executors keep running while the client reconnects");
  }

  @Override
  public void reregistered(FrameworkClient c, String masterId) {
    synchronized (this) {
      suppressed = false;
      reviveIfWanting();
    }
  }

  /** Spark's executor target changed (dynamic allocation). */
  synchronized void setTarget(int total) {
    int before = tracker.target();
    tracker.setTarget(total);
    if (tracker.target() != before) {
      LOG.info("executor target {} -> {} ({} alive)", before, tracker.target(), tracker.alive());
    }
    reviveIfWanting();
  }

  /** Kills executors' tasks (Spark asked for it); their ends arrive as status updates. */
  synchronized void kill(List<String> executorIds) {
    for (String id : executorIds) {
      tracker.taskOf(id).ifPresent(task -> call("killTask " + task, () -> client.killTask(task)));
    }
  }

  /** No relaunches from now on; returns the executors' tasks that are still alive. */
  synchronized List<ExecutorTracker.Executor> stopping() {
    stopping = true;
    return tracker.executors();
  }

  synchronized boolean isStopping() {
    return stopping;
  }

  synchronized int target() {
    return tracker.target();
  }

  synchronized boolean failed() {
    return failed;
  }

  private void reviveIfWanting() {
    if (!stopping && !failed && client != null && tracker.wanted() > 0) {
      call("revive", () -> client.revive());
      suppressed = false;
    }
  }

  private void decline(FrameworkClient c, List<String> offerIds, double refuseSeconds) {
    if (!offerIds.isEmpty()) {
      call("decline", () -> c.decline(offerIds, new Filters().setRefuseSeconds(refuseSeconds)));
    }
  }

  private static void call(String what, Runnable r) {
    try {
      r.run();
    } catch (NotConnectedException e) {
      LOG.debug("{} skipped: {}", what, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", what, e.getMessage());
    }
  }

  /** Resources of one executor task (for messages and tests). */
  Resources executorResources() {
    return settings.executor().resources();
  }
}
