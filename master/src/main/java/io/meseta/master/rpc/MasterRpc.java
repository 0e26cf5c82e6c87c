package io.meseta.master.rpc;

import io.meseta.master.Master;
import io.meseta.master.MasterConfig;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.protocol.thrift.MasterAgentService;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.SchedulerService;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.RpcServer;
import java.time.Duration;

/** The services the master's port serves. */
public final class MasterRpc {
  private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(20);

  private MasterRpc() {}

  public static RpcServer.Services services(Master master, MasterConfig config, EventLoop loop,
      MasterMetrics metrics, String advertised) {
    LoopCalls calls = new LoopCalls(loop, metrics, LOOP_TIMEOUT);
    return new RpcServer.Services()
        .add(mesetaConstants.SCHEDULER_SERVICE,
            new SchedulerService.Processor<>(new SchedulerHandler(master, config, calls)))
        .add(mesetaConstants.MASTER_AGENT_SERVICE,
            new MasterAgentService.Processor<>(new MasterAgentHandler(master, config, calls)))
        .add(mesetaConstants.OPERATOR_SERVICE,
            new OperatorService.Processor<>(new OperatorHandler(master, calls, advertised)));
  }
}
