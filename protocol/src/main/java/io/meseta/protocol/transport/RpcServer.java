package io.meseta.protocol.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TMultiplexedProcessor;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Thrift server on one port: framed transport with a maximum frame size, binary protocol with
 * string and container limits, one thread per connection, services multiplexed by name.
 * A connection that sends garbage or an oversized frame is closed; nothing else is affected.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

  private final TServer server;
  private final TServerSocket socket;
  private final Thread thread;
  private final String name;

  private RpcServer(String name, TServer server, TServerSocket socket) {
    this.name = name;
    this.server = server;
    this.socket = socket;
    this.thread = new Thread(server::serve, name + "-rpc-acceptor");
    this.thread.setDaemon(true);
  }

  /** Builder-style description of the services a server exposes. */
  public static final class Services {
    private final TMultiplexedProcessor processor = new TMultiplexedProcessor();

    public Services add(String serviceName, TProcessor processor) {
      this.processor.registerProcessor(serviceName, processor);
      return this;
    }
  }

  /**
   * Binds and starts serving.
   *
   * @param port 0 picks a free port; see {@link #port()}
   * @throws TTransportException if the address cannot be bound
   */
  public static RpcServer start(String name, String bindHost, int port, Services services, RpcLimits limits)
      throws TTransportException {
    TServerSocket socket = new TServerSocket(new TServerSocket.ServerSocketTransportArgs()
        .bindAddr(new InetSocketAddress(bindHost, port))
        .clientTimeout(limits.serverIdleTimeoutMillis())
        .backlog(1024));
    TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
        .processor(services.processor)
        .transportFactory(new TFramedTransport.Factory(limits.maxFrameBytes()))
        .protocolFactory(new TBinaryProtocol.Factory(true, true, limits.maxFrameBytes(), 1_000_000))
        .minWorkerThreads(2)
        .maxWorkerThreads(2048)
        .stopTimeoutVal(300)
        .stopTimeoutUnit(TimeUnit.MILLISECONDS); // idle peers' connections are not waited for
    TThreadPoolServer server = new TThreadPoolServer(args);
    server.setServerEventHandler(new QuietEvents());
    RpcServer rpc = new RpcServer(name, server, socket);
    rpc.thread.start();
    rpc.awaitServing();
    LOG.info("{} serving Thrift on {}:{}", name, bindHost, rpc.port());
    return rpc;
  }

  /**
   * Returns once the acceptor serves. Closing before that point would race with Thrift's
   * preServe(), which resets the stop flag and leaves the acceptor spinning on a closed socket.
   */
  private void awaitServing() throws TTransportException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.isServing()) {
      if (!thread.isAlive() || System.nanoTime() > deadline) {
        socket.close();
        throw new TTransportException(name + " did not start serving");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  public int port() {
    return socket.getServerSocket().getLocalPort();
  }

  @Override
  public void close() {
    server.stop();
    socket.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{} stopped serving", name);
  }

  /** Keeps per-connection noise out of the logs. */
  private static final class QuietEvents implements TServerEventHandler {
    @Override
    public void preServe() {}

    @Override
    public org.apache.thrift.server.ServerContext createContext(
        org.apache.thrift.protocol.TProtocol in, org.apache.thrift.protocol.TProtocol out) {
      return null;
    }

    @Override
    public void deleteContext(org.apache.thrift.server.ServerContext ctx,
        org.apache.thrift.protocol.TProtocol in, org.apache.thrift.protocol.TProtocol out) {}

    @Override
    public void processContext(org.apache.thrift.server.ServerContext ctx,
        org.apache.thrift.transport.TTransport in, org.apache.thrift.transport.TTransport out) {}
  }
}
