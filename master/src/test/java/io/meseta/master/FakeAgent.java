package io.meseta.master;

import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.AgentAcknowledgeRequest;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.AgentStateRequest;
import io.meseta.protocol.thrift.AgentStateResponse;
import io.meseta.protocol.thrift.LaunchTasksRequest;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.ShutdownFrameworkRequest;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.protocol.transport.RpcServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.thrift.transport.TTransportException;

/**
 * An agent peer on a real Thrift port that runs nothing: it records what masters ask of it, so
 * tests can see which launches reached an agent over the wire.
 */
final class FakeAgent implements AgentService.Iface, AutoCloseable {
  final List<LaunchTasksRequest> launches = new CopyOnWriteArrayList<>();
  final List<String> shutdowns = new CopyOnWriteArrayList<>();
  private final RpcServer server;
  private final String resources;

  private FakeAgent(String resources) throws TTransportException {
    this.resources = resources;
    this.server = RpcServer.start("fake-agent", "127.0.0.1", 0, new RpcServer.Services()
        .add(mesetaConstants.AGENT_SERVICE, new AgentService.Processor<>(this)), RpcLimits.DEFAULT);
  }

  static FakeAgent start(String resources) throws TTransportException {
    return new FakeAgent(resources);
  }

  /** A first registration. */
  RegisterAgentRequest registration() {
    return new RegisterAgentRequest("127.0.0.1", server.port(), ResourceCodec.toWire(Resources.parse(resources)),
        List.of());
  }

  /** A re-registration as {@code agentId}, running {@code tasks} (each RUNNING). */
  RegisterAgentRequest reregistration(String agentId, String frameworkId, TaskInfo... tasks) {
    List<RunningTask> running = new ArrayList<>();
    for (TaskInfo t : tasks) {
      running.add(new RunningTask(frameworkId, t, io.meseta.protocol.thrift.TaskState.RUNNING));
    }
    return registration().setAgentId(agentId).setRunningTasks(running);
  }

  /** Ids of the tasks launched here, in arrival order. */
  List<String> launchedTasks() {
    List<String> out = new ArrayList<>();
    launches.forEach(l -> l.getTasks().forEach(t -> out.add(t.getTaskId())));
    return out;
  }

  @Override
  public void launchTasks(LaunchTasksRequest request) {
    launches.add(request);
  }

  @Override
  public void killTask(AgentKillTaskRequest request) {}

  @Override
  public void acknowledgeUpdate(AgentAcknowledgeRequest request) {}

  @Override
  public void shutdownFramework(ShutdownFrameworkRequest request) {
    shutdowns.add(request.getFrameworkId());
  }

  @Override
  public AgentStateResponse getState(AgentStateRequest request) {
    return new AgentStateResponse();
  }

  @Override
  public void close() {
    server.close();
  }
}
