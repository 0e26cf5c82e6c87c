package io.meseta.client;

import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkSettings;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.transport.RpcLimits;
import java.time.Duration;

/**
 * What a {@link FrameworkClient} was built with; validated by {@link FrameworkClient.Builder}.
 *
 * @param master                   a fixed master or the ZooKeeper URL to find the leader in
 * @param zooKeeper                ZooKeeper session and retry settings for a zk:// master
 * @param framework                the framework to register (a copy the client owns)
 * @param implicitAcknowledgements acknowledge updates once {@code statusUpdate} returns
 * @param pollWait                 how long one long poll waits for events
 * @param backoffMin               first delay before reconnecting
 * @param backoffMax               longest delay before reconnecting
 * @param backoffSeed              seed of the jitter's random source
 * @param limits                   Thrift frame size and timeouts
 */
record ClientSettings(MasterAddress master, ZkSettings zooKeeper, FrameworkInfo framework, boolean implicitAcknowledgements,
    Duration pollWait, Duration backoffMin, Duration backoffMax, long backoffSeed, RpcLimits limits) {

  int pollWaitMillis() {
    return (int) pollWait.toMillis();
  }
}
