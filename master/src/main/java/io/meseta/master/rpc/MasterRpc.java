package io.meseta.master.rpc;

import io.meseta.master.MasterConfig;
import io.meseta.master.MasterSeat;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.RpcServer;
import java.time.Duration;
import java.util.function.Supplier;

/** The services the master's port serves. */
public final class MasterRpc {
  private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(20);

  private MasterRpc() {}

  /**
   * @param seat       the leading master, if this process leads; every call goes through it
   * @param advertised this master's {@code host:port} (asked once the port is bound)
   */
  public static RpcServer.Services services(MasterSeat seat, MasterConfig config, EventLoop loop,
      MasterMetrics metrics, Supplier<String> advertised) {
    LoopCalls calls = new LoopCalls(seat, loop, metrics, LOOP_TIMEOUT);
    return new RpcServer.Services()
        .add(mesetaConstants.SCHEDULER_SERVICE,
            new SchedulerService.Processor<>(new SchedulerHandler(config, calls)))
        .add(mesetaConstants.MASTER_AGENT_SERVICE,
            new MasterAgentService.Processor<>(new MasterAgentHandler(config, calls)))
        .add(mesetaConstants.OPERATOR_SERVICE,
            new OperatorService.Processor<>(new OperatorHandler(calls, advertised)));
  }

  /** The operator service by itself, for the master's {@code GET /state}: the same answer as over Thrift. */
  public static OperatorService.Iface operator(MasterSeat seat, EventLoop loop, MasterMetrics metrics,
      Supplier<String> advertised) {
    return new OperatorHandler(new LoopCalls(seat, loop, metrics, LOOP_TIMEOUT), advertised);
  }
}
