package io.meseta.client;

import io.meseta.discovery.MasterDetector;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.PollEventsResponse;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connections to the leading master: one channel for calls, shared by all threads
 * one call at a time, and one for the long poll, used only by the poll thread (its read timeout
 * is the poll wait plus the socket timeout). A channel that failed is closed and opened anew on
 * next use.
 *
 * <p>Where the channels go (the <em>target</em>): the leader the {@link MasterDetector} names,
 * until something says otherwise. A NOT_LEADER answer that names the leader moves the target
 * there, and a call is then retried on the leader (a standby did not carry it out); one that
 * names nobody moves it to the detector's leader if that is another master. A connection that
 * fails clears the target, so the next attempt asks the detector again. A leader change the
 * detector reports moves the target and breaks off a poll on another master at once. A channel
 * whose master is no longer the target is closed before its next use.
 */
final class MasterLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
  private static final int MAX_REDIRECTS = 3;

  /** One call on the scheduler service. */
  @FunctionalInterface
  interface Call<T> {
    T apply(SchedulerService.Client client) throws TException;
  }

  /** An open channel with its service client. */
  private record Open(RpcChannel channel, SchedulerService.Client client) {
    HostPort address() {
      return channel.address();
    }
  }

  private final MasterDetector detector;
  private final RpcLimits limits;
  private final int pollReadTimeoutMillis;
  private final ReentrantLock callLock = new ReentrantLock();
  private final Object pollLock = new Object();
  private final Object targetLock = new Object();
  private HostPort target; // guarded by targetLock; null: ask the detector
  private volatile Open callChannel;
  private volatile Open pollChannel;
  private volatile boolean closed;

  MasterLink(MasterDetector detector, RpcLimits limits, int pollWaitMillis) {
    this.detector = detector;
    this.limits = limits;
    this.pollReadTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, (long) pollWaitMillis + limits.socketTimeoutMillis());
  }

  /** The master this link talks to now, or the detector's description when none is chosen. */
  String target() {
    synchronized (targetLock) {
      if (target != null) {
        return target.toString();
      }
    }
    return detector.leader().map(HostPort::toString).orElse("the leader in " + detector.address() + " (none known)");
  }

  /**
   * Runs {@code call} on the call channel, following the leader when told to.
   *
   * @throws NotConnectedException if no master is known, it cannot be reached, or the link is closed
   * @throws MesetaCallException   with the master's error
   */
  <T> T call(String name, Call<T> call) {
    for (int redirects = 0; ; redirects++) {
      callLock.lock();
      try {
        Open open = callChannel(name);
        try {
          return call.apply(open.client());
        } catch (MesetaError e) {
          if (!(redirects < MAX_REDIRECTS && followed(e, open.address()))) {
            throw MesetaCallException.of(name, e);
          }
          drop(open);
          callChannel = null;
        } catch (TException e) {
          drop(open);
          callChannel = null;
          forget(open.address());
          throw new NotConnectedException(name, "lost the connection to the master at " + open.address() + ": " + e, e);
        }
      } finally {
        if (closed) {
          drop(callChannel);
          callChannel = null;
        }
        callLock.unlock();
      }
    }
  }

  /**
   * One long poll on the poll channel. A NOT_LEADER answer moves the link to the leader and is
   * thrown: the framework must register there.
   */
  PollEventsResponse poll(PollEventsRequest request) {
    Open open = pollChannel();
    try {
      return open.client().pollEvents(request);
    } catch (MesetaError e) {
      followed(e, open.address());
      dropPoll(open);
      throw MesetaCallException.of("pollEvents", e);
    } catch (TException e) {
      dropPoll(open);
      forget(open.address());
      throw new NotConnectedException("pollEvents", "lost the connection to the master at " + open.address() + ": " + e, e);
    }
  }

  /**
   * The detector reports a leader change (on its thread): point at the new leader and break off
   * a poll on any other master, so that the poll thread registers with the new one at once.
   */
  void leaderChanged(Optional<HostPort> leader) {
    if (leader.isEmpty() || closed) {
      return; // keep talking to the last master: it fails, or says NOT_LEADER, if it is gone
    }
    HostPort next = leader.get();
    HostPort previous;
    synchronized (targetLock) {
      previous = target;
      target = next;
    }
    if (!next.equals(previous)) {
      LOG.info("the leading master is now {}", next);
    }
    Open poll = pollChannel;
    if (poll != null && !poll.address().equals(next)) {
      LOG.info("breaking off the poll on {}: it is no longer the leader", poll.address());
      drop(poll); // the poll thread sees the failure and lets go of the channel
    }
  }

  /** Closes both channels (after an outage), so that the next use connects anew. */
  void reset() {
    dropPoll(pollChannel);
    callLock.lock();
    try {
      drop(callChannel);
      callChannel = null;
    } finally {
      callLock.unlock();
    }
  }

  /**
   * Closes both channels for good, from any thread: a poll in progress fails at once, a call in
   * progress gets its answer first; later calls throw. (The detector belongs to the client.)
   */
  @Override
  public void close() {
    closed = true;
    drop(pollChannel);
    if (callLock.tryLock()) {
      try {
        drop(callChannel);
        callChannel = null;
      } finally {
        callLock.unlock();
      }
    }
  }

  private Open callChannel(String name) {
    if (closed) {
      throw new NotConnectedException(name, "the client is stopped");
    }
    HostPort to = chooseTarget(name);
    if (callChannel != null && !callChannel.address().equals(to)) {
      drop(callChannel);
      callChannel = null;
    }
    if (callChannel == null) {
      callChannel = open(name, to, limits.socketTimeoutMillis());
      if (closed) {
        drop(callChannel);
        throw new NotConnectedException(name, "the client is stopped");
      }
    }
    return callChannel;
  }

  private Open pollChannel() {
    synchronized (pollLock) {
      if (closed) {
        throw new NotConnectedException("pollEvents", "the client is stopped");
      }
      HostPort to = chooseTarget("pollEvents");
      if (pollChannel != null && !pollChannel.address().equals(to)) {
        drop(pollChannel);
        pollChannel = null;
      }
      if (pollChannel == null) {
        pollChannel = open("pollEvents", to, pollReadTimeoutMillis);
        if (closed) {
          drop(pollChannel);
          throw new NotConnectedException("pollEvents", "the client is stopped");
        }
      }
      return pollChannel;
    }
  }

  /** The target, asking the detector when there is none. */
  private HostPort chooseTarget(String name) {
    synchronized (targetLock) {
      if (target == null) {
        target = detector.leader().orElseThrow(() -> new NotConnectedException(name,
            "no leading master is known in " + detector.address() + " yet"));
      }
      return target;
    }
  }

  /** After a connection to {@code failed} failed: ask the detector next time. */
  private void forget(HostPort failed) {
    synchronized (targetLock) {
      if (failed.equals(target)) {
        target = null;
      }
    }
  }

  private Open open(String name, HostPort to, int readTimeoutMillis) {
    try {
      RpcChannel channel = RpcChannel.open(to, limits);
      channel.setReadTimeout(readTimeoutMillis);
      return new Open(channel, channel.client(mesetaConstants.SCHEDULER_SERVICE, SchedulerService.Client::new));
    } catch (TException e) {
      forget(to);
      throw new NotConnectedException(name, "cannot connect to the master at " + to + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when {@code e} is NOT_LEADER from {@code from} and the link now points at another
   * master: the one named in the answer, or else the detector's leader.
   */
  private boolean followed(MesetaError e, HostPort from) {
    if (e.getCode() != ErrorCode.NOT_LEADER) {
      return false;
    }
    String named = e.getLeader();
    if (named != null && !named.isBlank()) {
      try {
        HostPort leader = HostPort.parse(named, from.port());
        if (!leader.equals(from)) {
          LOG.info("master {} is not the leader; following the leader it names, {}", from, leader);
          synchronized (targetLock) {
            target = leader;
          }
          return true;
        }
        LOG.warn("master {} says it is not the leader but names itself as the leader", from);
      } catch (IllegalArgumentException bad) {
        LOG.warn("master {} named an unusable leader address '{}': {}", from, named, bad.getMessage());
      }
    }
    Optional<HostPort> detected = detector.leader();
    synchronized (targetLock) {
      if (detected.isPresent() && !detected.get().equals(from)) {
        LOG.info("master {} is not the leader; trying {}, the leader {} names", from, detected.get(), detector.address());
        target = detected.get();
        return true;
      }
      if (from.equals(target)) {
        target = null;
      }
      return false;
    }
  }

  private void dropPoll(Open open) {
    synchronized (pollLock) {
      if (open != null && pollChannel == open) {
        pollChannel = null;
      }
    }
    drop(open);
  }

  private static void drop(Open open) {
    if (open != null) {
      open.channel().close();
    }
  }
}
