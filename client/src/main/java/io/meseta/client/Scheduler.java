package io.meseta.client;

import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.List;

/**
 * The framework's side of the conversation with the master. A {@link FrameworkClient} calls these
 * methods on ONE thread of its own, named {@code meseta-scheduler-<framework name>}, never on
 * any other thread (not the caller's, not the poll thread, not ZooKeeper's), one at a time and
 * in the order the master produced the events; never twice for one event of one master. After
 * a master failover the new master re-sends what was not acknowledged, so the same status
 * update can arrive again (see {@link #statusUpdate}). A callback
 * may call the client (accept, decline, kill, ...) and may call {@link FrameworkClient#stop()},
 * but must not call {@link FrameworkClient#join()}. Callbacks should return promptly: the client
 * polls for the next events only once the current ones have been handed over. An exception
 * thrown by a callback is logged and the client carries on.
 *
 * <p>Every method except {@link #resourceOffers} has a default that does nothing.
 */
public interface Scheduler {
  /** The master accepted this client's first registration and gave the framework its id. */
  default void registered(FrameworkClient client, String frameworkId, String masterId) {}

  /**
   * The client registered again after {@link #disconnected}, keeping its framework id; the
   * master may be a new one ({@code masterId} says which), e.g. a newly elected leader. Offers
   * made before are void; new ones follow, and so do the status updates not yet acknowledged.
   */
  default void reregistered(FrameworkClient client, String masterId) {}

  /**
   * Offers of resources. Use them with {@link FrameworkClient#accept} or give them back with
   * {@link FrameworkClient#decline}; an offer not answered may be rescinded.
   */
  void resourceOffers(FrameworkClient client, List<Offer> offers);

  /** An offer is no longer valid (used elsewhere, expired, or its agent left). */
  default void offerRescinded(FrameworkClient client, String offerId) {}

  /**
   * A task changed state. With implicit acknowledgements (the default) the client acknowledges
   * the update once this method returns; otherwise call {@link FrameworkClient#acknowledge}.
   *
   * <p>Delivery is at least once: an update whose acknowledgement did not reach the master (the
   * client or the master failed over in between) is sent again, possibly after
   * {@link #reregistered}, so this method must be idempotent (e.g. ignore a terminal state of a
   * task already seen in that state). Per task, updates still arrive in order.
   */
  default void statusUpdate(FrameworkClient client, TaskStatus status) {}

  /** An agent was removed from the cluster; its tasks are reported lost separately. */
  default void agentLost(FrameworkClient client, String agentId) {}

  /**
   * A fatal error: the master removed the framework or refused to register it. No callback
   * follows; the client has stopped by the time this returns.
   */
  default void error(FrameworkClient client, String message) {}

  /**
   * The client lost the master (once per outage): the connection failed, the leader changed, or
   * the master no longer knows the framework. It keeps trying, with backoff, against whichever
   * master leads by then, and calls {@link #reregistered} when it is back; the framework's tasks
   * keep running meanwhile for its failover timeout. Calls made meanwhile fail with
   * {@link NotConnectedException}.
   */
  default void disconnected(FrameworkClient client) {}
}
