package io.meseta.client;

import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.List;

/**
 * The framework's side of the conversation with the master. A {@link FrameworkClient} calls these
 * methods on ONE thread of its own, named {@code meseta-scheduler-<framework name>}, one at a
 * time and in the order the master produced the events; never twice for one event. A callback
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
   * master may be a new one ({@code masterId} says which).
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
   * The client lost the master (once per outage). It keeps trying and calls
   * {@link #reregistered} when it is back; the framework's tasks keep running meanwhile.
   */
  default void disconnected(FrameworkClient client) {}
}
