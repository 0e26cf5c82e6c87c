package io.meseta.client;

import io.meseta.discovery.MasterDetector;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.PollEventsResponse;
import io.meseta.protocol.thrift.RegisterFrameworkRequest;
import io.meseta.protocol.thrift.RegisterFrameworkResponse;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.protocol.thrift.mesetaConstants;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a client's poll thread: registers, long-polls events and hands them to the
 * callback thread, and after losing the master registers again (same framework id) with
 * backoff, wherever the {@link MasterLink} points by then (the detector's leader after a
 * failover). A leader change the detector reports ends a backoff wait at once.
 *
 * <p>Delivery: the next poll asks for the events after the last one handed over, and only once
 * those have been delivered, so within one master's lifetime no event is delivered twice or
 * skipped, across reconnects too. A master with another id (a new leader, a restarted master)
 * numbers events from 1 again, and everything it sends is delivered, including the status
 * updates it re-sends because they were never acknowledged: at least once, not exactly once.
 */
final class EventPoller implements Runnable {
  private volatile boolean removalExpected;
  private static final Logger LOG = LoggerFactory.getLogger(EventPoller.class);
  private static final Set<ErrorCode> RETRY_REGISTRATION =
      EnumSet.of(ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL, ErrorCode.NOT_LEADER);
  private static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);

  private final FrameworkClient client;
  private final Scheduler scheduler;
  private final ClientSettings settings;
  private final MasterLink link;
  private final CallbackDispatcher callbacks;
  private final Backoff backoff;
  private final CompletableFuture<Void> stopRequested;
  private final CompletableFuture<String> registration = new CompletableFuture<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final MasterDetector detector;
  private final Object wakeLock = new Object();
  private long wakeups; // guarded by wakeLock
  private long wakeupsBeforeAttempt;

  private volatile String frameworkId;
  private String masterId;
  private long nextSequence = 1;
  private boolean registered;
  private boolean everRegistered;

  EventPoller(FrameworkClient client, Scheduler scheduler, ClientSettings settings, MasterDetector detector,
      MasterLink link, CallbackDispatcher callbacks, Backoff backoff, CompletableFuture<Void> stopRequested) {
    this.client = client;
    this.scheduler = scheduler;
    this.settings = settings;
    this.link = link;
    this.callbacks = callbacks;
    this.backoff = backoff;
    this.stopRequested = stopRequested;
    this.detector = detector;
    this.frameworkId = settings.framework().getFrameworkId();
    stopRequested.whenComplete((v, e) -> wake());
  }

  /** Ends a backoff wait now (the leader changed, or the client stops); any thread. */
  void wake() {
    synchronized (wakeLock) {
      wakeups++;
      wakeLock.notifyAll();
    }
  }

  private long wakeups() {
    synchronized (wakeLock) {
      return wakeups;
    }
  }

  /** The framework's id once known (set from the start when failing over with a known id). */
  String frameworkId() {
    return frameworkId;
  }

  /** Completes with the framework id at the first registration, exceptionally if that never comes. */
  CompletableFuture<String> registration() {
    return registration;
  }

  /** Completes when the poll thread and the callback thread have ended. */
  CompletableFuture<Void> terminated() {
    return terminated;
  }

  @Override
  public void run() {
    try {
      boolean go = true;
      while (go && !stopRequested.isDone()) {
        wakeupsBeforeAttempt = wakeups();
        go = registered ? pollOnce() : register();
      }
    } catch (RuntimeException e) {
      LOG.error("the poll thread of framework {} failed", frameworkId, e);
      callbacks.submit("error", () -> scheduler.error(client, "the client failed: " + e));
    } finally {
      finish();
    }
  }

  private boolean register() {
    FrameworkInfo info = settings.framework().deepCopy();
    if (frameworkId != null) {
      info.setFrameworkId(frameworkId);
    }
    if (!info.isSetProtocolVersion()) {
      info.setProtocolVersion(mesetaConstants.PROTOCOL_VERSION);
    }
    RegisterFrameworkResponse response;
    try {
      response = link.call("registerFramework", c -> c.registerFramework(new RegisterFrameworkRequest(info)));
    } catch (NotConnectedException e) {
      LOG.info("framework '{}' cannot register yet: {}", info.getName(), e.getMessage());
      return pause();
    } catch (MesetaCallException e) {
      if (RETRY_REGISTRATION.contains(e.code())) {
        LOG.warn("framework '{}' cannot register yet: {}", info.getName(), e.getMessage());
        return pause();
      }
      LOG.error("the master refused framework '{}': {}", info.getName(), e.getMessage());
      registration.completeExceptionally(e);
      awaitDelivery(callbacks.submit("error", () -> scheduler.error(client, e.getMessage())));
      return false;
    }
    registered(response);
    return true;
  }

  private void registered(RegisterFrameworkResponse response) {
    String id = response.getFrameworkId();
    String master = response.getMasterId();
    if (frameworkId != null && !frameworkId.equals(id)) {
      LOG.warn("asked to register as framework {} but the master assigned {}", frameworkId, id);
    }
    if (masterId == null || !masterId.equals(master)) {
      nextSequence = 1;
    }
    frameworkId = id;
    masterId = master;
    registered = true;
    if (everRegistered) {
      LOG.info("framework {} re-registered with master {} at {}", id, master, link.target());
      callbacks.submit("reregistered", () -> scheduler.reregistered(client, master));
    } else {
      everRegistered = true;
      LOG.info("framework {} registered with master {} at {}", id, master, link.target());
      callbacks.submit("registered", () -> scheduler.registered(client, id, master));
      registration.complete(id);
    }
  }

  private boolean pollOnce() {
    PollEventsResponse response;
    try {
      response = link.poll(new PollEventsRequest(frameworkId, nextSequence, settings.pollWaitMillis()));
    } catch (MesetaCallException e) {
      if (stopRequested.isDone()) {
        return false;
      }
      lost(e);
      return pause();
    }
    backoff.reset();
    return deliver(response.getEvents() == null ? List.of() : response.getEvents());
  }

  /** Once per outage: forget the registration and tell the scheduler. */
  private void lost(MesetaCallException why) {
    registered = false;
    link.reset();
    if (why.code() == ErrorCode.UNKNOWN_FRAMEWORK) {
      LOG.warn("master {} does not know framework {} (it restarted?); registering again", masterId, frameworkId);
    } else {
      LOG.warn("framework {} lost master {}: {}", frameworkId, masterId, why.getMessage());
    }
    callbacks.submit("disconnected", () -> scheduler.disconnected(client));
  }

  /** The framework asked to be torn down: the master's ERROR event that follows is no surprise. */
  void expectRemoval() {
    removalExpected = true;
  }

  /** Hands events over in order; false after an ERROR event, which ends the client. */
  private boolean deliver(List<Event> events) {
    CompletableFuture<Void> last = NOTHING;
    for (Event event : events) {
      if (event.getSequence() < nextSequence) {
        LOG.debug("skipping event {} of framework {}: already delivered", event.getSequence(), frameworkId);
        continue;
      }
      nextSequence = event.getSequence() + 1;
      if (event.getType() == EventType.ERROR) {
        String message = event.getMessage() == null ? "the master removed the framework" : event.getMessage();
        if (removalExpected) {
          LOG.info("framework {} removed by the master: {}", frameworkId, message);
        } else {
          LOG.error("framework {} got an error from the master: {}", frameworkId, message);
        }
        awaitDelivery(callbacks.submit("error", () -> scheduler.error(client, message)));
        return false;
      }
      last = dispatch(event);
    }
    awaitDelivery(last);
    return true;
  }

  private CompletableFuture<Void> dispatch(Event event) {
    if (event.getType() == null) {
      LOG.debug("skipping event {} of a type this client does not know", event.getSequence());
      return NOTHING;
    }
    return switch (event.getType()) {
      case OFFERS -> {
        List<Offer> offers = event.getOffers() == null ? List.of() : Collections.unmodifiableList(event.getOffers());
        yield callbacks.submit("resourceOffers", () -> scheduler.resourceOffers(client, offers));
      }
      case RESCIND -> callbacks.submit("offerRescinded", () -> scheduler.offerRescinded(client, event.getOfferId()));
      case UPDATE -> event.getStatus() == null ? NOTHING : callbacks.submit("statusUpdate", () -> update(event.getStatus()));
      case AGENT_LOST -> callbacks.submit("agentLost", () -> scheduler.agentLost(client, event.getAgentId()));
      default -> NOTHING; // HEARTBEAT keeps the poll alive; REGISTERED is answered by the RPC
    };
  }

  /** On the callback thread: the scheduler first, then the implicit acknowledgement. */
  private void update(TaskStatus status) {
    scheduler.statusUpdate(client, status);
    if (settings.implicitAcknowledgements() && status.isSetUpdateId()) {
      try {
        client.acknowledge(status);
      } catch (MesetaCallException e) {
        LOG.warn("could not acknowledge update {} of task {} (the agent will send it again): {}",
            status.getUpdateId(), status.getTaskId(), e.getMessage());
      }
    }
  }

  private void awaitDelivery(CompletableFuture<Void> delivered) {
    CompletableFuture.anyOf(delivered, stopRequested).join();
  }

  /**
   * Waits out the next backoff delay, or less if woken since the attempt began (a new leader);
   * false when stopped meanwhile.
   */
  private boolean pause() {
    Duration delay = backoff.next();
    LOG.debug("next attempt to reach the master at {} in at most {} ms", link.target(), delay.toMillis());
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (wakeLock) {
      while (wakeups == wakeupsBeforeAttempt && !stopRequested.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(wakeLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return !stopRequested.isDone();
  }

  private void finish() {
    if (stopRequested.isDone()) {
      callbacks.halt();
    }
    callbacks.shutdown();
    try {
      callbacks.awaitTermination(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.close();
    detector.close();
    registration.completeExceptionally(new NotConnectedException("registerFramework",
        "the client stopped before it registered"));
    stopRequested.complete(null);
    terminated.complete(null);
    LOG.info("framework client for {} stopped", frameworkId == null ? settings.framework().getName() : frameworkId);
  }
}
