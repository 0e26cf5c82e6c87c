package io.meseta.slave.rpc;

import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.util.function.Supplier;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;

/**
 * A connection to the master's agent service that reopens itself: it connects on first use, and
 * after any transport failure it is closed so the next call connects anew. It follows the master:
 * when {@code target} names another master than the one it is connected to, the next call
 * connects there. Not thread-safe: each thread that talks to the master owns one.
 */
public final class MasterConnection implements AutoCloseable {
  private final Supplier<HostPort> target;
  private final RpcLimits limits;
  private HostPort connectedTo;
  private RpcChannel channel;
  private MasterAgentService.Client client;

  public MasterConnection(HostPort master, RpcLimits limits) {
    this(() -> master, limits);
  }

  /** @param target where the master is now (null while unknown); read before every call */
  public MasterConnection(Supplier<HostPort> target, RpcLimits limits) {
    this.target = target;
    this.limits = limits;
  }

  /** One call on the master's agent service. */
  @FunctionalInterface
  public interface Call<T> {
    T apply(MasterAgentService.Client client) throws TException;
  }

  /**
   * Runs {@code call}, connecting first if needed.
   *
   * @throws MesetaError when the master answered with an error (the connection stays open)
   * @throws TException  when the master could not be reached or the exchange broke (the
   *                     connection is closed and reopened by the next call)
   */
  public <T> T call(Call<T> call) throws TException {
    HostPort master = target.get();
    if (master == null) {
      close();
      throw new TTransportException(TTransportException.NOT_OPEN, "no leading master is known yet");
    }
    try {
      if (client != null && !master.equals(connectedTo)) {
        close();
      }
      if (client == null) {
        channel = RpcChannel.open(master, limits);
        client = channel.client(mesetaConstants.MASTER_AGENT_SERVICE, MasterAgentService.Client::new);
        connectedTo = master;
      }
      return call.apply(client);
    } catch (MesetaError e) {
      throw e;
    } catch (TException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The master the next call goes to; null while unknown. */
  public HostPort master() {
    return target.get();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close();
    }
    channel = null;
    client = null;
    connectedTo = null;
  }
}
