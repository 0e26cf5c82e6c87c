/**
 * The framework client library: {@link io.meseta.client.FrameworkClient} registers a framework
 * with a Meseta master (one at {@code HOST:PORT}, or the leader elected in ZooKeeper at
 * {@code zk://HOST:PORT[,...]/PATH}, followed across failovers), long-polls its events and hands
 * them to a {@link io.meseta.client.Scheduler} on one callback thread, and sends the framework's
 * calls (accept, decline, kill, ...). The API speaks the generated Thrift structs of
 * {@code io.meseta.protocol.thrift}, the way the Mesos Java API speaks protocol buffers.
 */
package io.meseta.client;
