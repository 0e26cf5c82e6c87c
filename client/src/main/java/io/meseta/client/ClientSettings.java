package io.meseta.client;

import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcLimits;
import java.time.Duration;

/**
 * What a {@link FrameworkClient} was built with; validated by {@link FrameworkClient.Builder}.
 *
 * @param master                   the master to register with first
 * @param framework                the framework to register (a copy the client owns)
 * @param implicitAcknowledgements acknowledge updates once {@code statusUpdate} returns
 * @param pollWait                 how long one long poll waits for events
 * @param backoffMin               first delay before reconnecting
 * @param backoffMax               longest delay before reconnecting
 * @param backoffSeed              seed of the jitter's random source
 * @param limits                   Thrift frame size and timeouts
 */
record ClientSettings(HostPort master, FrameworkInfo framework, boolean implicitAcknowledgements,
    Duration pollWait, Duration backoffMin, Duration backoffMax, long backoffSeed, RpcLimits limits) {

  int pollWaitMillis() {
    return (int) pollWait.toMillis();
  }
}
