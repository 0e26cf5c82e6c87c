package io.meseta.client;

import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.PollEventsRequest;
import io.meseta.protocol.thrift.PollEventsResponse;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connections to the leading master: one channel for calls, shared by all threads
 * one call at a time, and one for the long poll, used only by the poll thread (its read timeout
 * is the poll wait plus the socket timeout). A channel that failed is closed and opened anew on
 * next use. A NOT_LEADER answer that names the leader moves both channels there; a call is then
 * retried on the leader (a standby did not carry it out).
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
  private record Open(RpcChannel channel, SchedulerService.Client client) {}

  private final RpcLimits limits;
  private final int pollReadTimeoutMillis;
  private final ReentrantLock callLock = new ReentrantLock();
  private final Object pollLock = new Object();
  private volatile HostPort master;
  private volatile Open callChannel;
  private volatile Open pollChannel;
  private volatile boolean closed;

  MasterLink(HostPort master, RpcLimits limits, int pollWaitMillis) {
    this.master = master;
    this.limits = limits;
    this.pollReadTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, (long) pollWaitMillis + limits.socketTimeoutMillis());
  }

  /** The master this link talks to now. */
  HostPort master() {
    return master;
  }

  /**
   * Runs {@code call} on the call channel, following the leader when told to.
   *
   * @throws NotConnectedException if the master cannot be reached or the link is closed
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
          if (!(redirects < MAX_REDIRECTS && followed(e))) {
            throw MesetaCallException.of(name, e);
          }
          drop(open);
          callChannel = null;
        } catch (TException e) {
          drop(open);
          callChannel = null;
          throw new NotConnectedException(name, "lost the connection to the master at " + open.channel().address()
              + ": " + e, e);
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
      followed(e);
      dropPoll(open);
      throw MesetaCallException.of("pollEvents", e);
    } catch (TException e) {
      dropPoll(open);
      throw new NotConnectedException("pollEvents", "lost the connection to the master at "
          + open.channel().address() + ": " + e, e);
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
   * progress gets its answer first; later calls throw.
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
    if (callChannel == null) {
      callChannel = open(name, limits.socketTimeoutMillis());
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
      if (pollChannel == null) {
        pollChannel = open("pollEvents", pollReadTimeoutMillis);
        if (closed) {
          drop(pollChannel);
          throw new NotConnectedException("pollEvents", "the client is stopped");
        }
      }
      return pollChannel;
    }
  }

  private Open open(String name, int readTimeoutMillis) {
    HostPort to = master;
    try {
      RpcChannel channel = RpcChannel.open(to, limits);
      channel.setReadTimeout(readTimeoutMillis);
      return new Open(channel, channel.client(mesetaConstants.SCHEDULER_SERVICE, SchedulerService.Client::new));
    } catch (TException e) {
      throw new NotConnectedException(name, "cannot connect to the master at " + to + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code e} is NOT_LEADER naming a usable leader, which the link now points at. */
  private boolean followed(MesetaError e) {
    if (e.getCode() != ErrorCode.NOT_LEADER || e.getLeader() == null || e.getLeader().isBlank()) {
      return false;
    }
    try {
      HostPort leader = HostPort.parse(e.getLeader(), master.port());
      if (!leader.equals(master)) {
        LOG.info("master {} is not the leader; following the leader at {}", master, leader);
        master = leader;
      }
      return true;
    } catch (IllegalArgumentException bad) {
      LOG.warn("master {} named an unusable leader address '{}': {}", master, e.getLeader(), bad.getMessage());
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
