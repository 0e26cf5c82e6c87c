package io.meseta.protocol.transport;

import java.util.function.Function;
import org.apache.thrift.TServiceClient;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMultiplexedProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * One client connection to a Meseta port. A channel is not thread-safe: one caller at a time
 * (guard it, or give each thread its own). After any transport error, close it and open anew.
 */
public final class RpcChannel implements AutoCloseable {
  private final HostPort address;
  private final TSocket socket;
  private final TTransport transport;
  private final TProtocol protocol;

  private RpcChannel(HostPort address, TSocket socket, TTransport transport, RpcLimits limits) {
    this.address = address;
    this.socket = socket;
    this.transport = transport;
    this.protocol = new TBinaryProtocol(transport, limits.maxFrameBytes(), 1_000_000, true, true);
  }

  /**
   * Connects.
   *
   * @throws TTransportException if the peer cannot be reached
   */
  public static RpcChannel open(HostPort address, RpcLimits limits) throws TTransportException {
    TSocket socket = new TSocket(new org.apache.thrift.TConfiguration(limits.maxFrameBytes(),
        limits.maxFrameBytes(), 64), address.host(), address.port(), limits.socketTimeoutMillis(),
        limits.connectTimeoutMillis());
    TTransport framed = new TFramedTransport(socket, limits.maxFrameBytes());
    framed.open();
    return new RpcChannel(address, socket, framed, limits);
  }

  /** A client for the named service on this channel, e.g. {@code client("scheduler", SchedulerService.Client::new)}. */
  public <C extends TServiceClient> C client(String serviceName, Function<TProtocol, C> factory) {
    return factory.apply(new TMultiplexedProtocol(protocol, serviceName));
  }

  /** Changes how long the next calls wait for a reply (long polls need more). */
  public void setReadTimeout(int millis) {
    socket.setTimeout(millis);
  }

  public HostPort address() {
    return address;
  }

  public boolean isOpen() {
    return transport.isOpen();
  }

  @Override
  public void close() {
    transport.close();
  }
}
