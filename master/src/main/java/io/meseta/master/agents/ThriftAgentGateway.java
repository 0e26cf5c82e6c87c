package io.meseta.master.agents;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.AgentAcknowledgeRequest;
import io.meseta.protocol.thrift.AgentKillTaskRequest;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.LaunchTasksRequest;
import io.meseta.protocol.thrift.ShutdownFrameworkRequest;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches agents over Thrift. Each agent has a link: one thread and one connection, so calls to
 * an agent arrive in the order the master made them and a slow agent delays only itself.
 */
public final class ThriftAgentGateway implements AgentGateway {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftAgentGateway.class);

  private final String masterId;
  private final RpcLimits limits;
  private final LaunchFailureListener failures;
  private final Map<AgentId, Link> links = new ConcurrentHashMap<>();

  public ThriftAgentGateway(String masterId, RpcLimits limits, LaunchFailureListener failures) {
    this.masterId = masterId;
    this.limits = limits;
    this.failures = failures;
  }

  @Override
  public void launch(Endpoint agent, FrameworkId frameworkId, FrameworkDescriptor framework, List<TaskSpec> tasks) {
    List<io.meseta.protocol.thrift.TaskInfo> wire = new ArrayList<>();
    tasks.forEach(t -> wire.add(TaskCodec.toWire(t)));
    LaunchTasksRequest req = new LaunchTasksRequest(frameworkId.value(), frameworkInfo(frameworkId, framework),
        wire, masterId);
    List<TaskId> ids = tasks.stream().map(TaskSpec::taskId).toList();
    link(agent).send("launch", c -> c.launchTasks(req),
        why -> failures.launchFailed(agent.agentId(), frameworkId, ids, why));
  }

  @Override
  public void kill(Endpoint agent, FrameworkId frameworkId, TaskId taskId, Optional<Duration> grace) {
    AgentKillTaskRequest req = new AgentKillTaskRequest(frameworkId.value(), taskId.value());
    grace.ifPresent(g -> req.setGracePeriodSeconds(g.toMillis() / 1000.0));
    link(agent).send("kill", c -> c.killTask(req), why -> { });
  }

  @Override
  public void acknowledge(Endpoint agent, FrameworkId frameworkId, TaskId taskId, String updateId) {
    AgentAcknowledgeRequest req = new AgentAcknowledgeRequest(frameworkId.value(), taskId.value(), updateId);
    link(agent).send("acknowledge", c -> c.acknowledgeUpdate(req), why -> { });
  }

  @Override
  public void shutdownFramework(Endpoint agent, FrameworkId frameworkId) {
    ShutdownFrameworkRequest req = new ShutdownFrameworkRequest(frameworkId.value());
    link(agent).send("shutdown-framework", c -> c.shutdownFramework(req), why -> { });
  }

  @Override
  public void forget(AgentId agentId) {
    Link l = links.remove(agentId);
    if (l != null) {
      l.close();
    }
  }

  @Override
  public void close() {
    links.values().forEach(Link::close);
    links.clear();
  }

  /**
   * Drops every queued call and every connection at once: the master stopped being leader and
   * must not reach agents any more (a launch still queued here is never delivered).
   */
  public void abort() {
    links.values().forEach(Link::abort);
    links.clear();
  }

  private Link link(Endpoint agent) {
    return links.compute(agent.agentId(), (id, existing) -> {
      HostPort address = new HostPort(agent.host(), agent.port());
      if (existing != null && existing.address.equals(address)) {
        return existing;
      }
      if (existing != null) {
        existing.close();
      }
      return new Link(address);
    });
  }

  private static FrameworkInfo frameworkInfo(FrameworkId id, FrameworkDescriptor d) {
    return new FrameworkInfo(d.name(), d.user())
        .setFrameworkId(id.value())
        .setRole(d.role())
        .setFailoverTimeoutSeconds(d.failoverTimeout().toMillis() / 1000.0)
        .setCapabilities(new ArrayList<>(d.capabilities()));
  }

  private interface AgentCall {
    void call(AgentService.Client client) throws TException;
  }

  private interface OnFailure {
    void failed(String why);
  }

  /** One agent's connection and the thread that uses it. */
  private final class Link {
    private final HostPort address;
    private final ExecutorService thread;
    private volatile RpcChannel channel;

    Link(HostPort address) {
      this.address = address;
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-link-" + address);
        t.setDaemon(true);
        return t;
      });
    }

    void send(String what, AgentCall call, OnFailure onFailure) {
      try {
        thread.execute(() -> deliver(what, call, onFailure));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        onFailure.failed("the link to the agent was closed");
      }
    }

    /** Tries twice: a fresh connection covers an agent that restarted since the last call. */
    private void deliver(String what, AgentCall call, OnFailure onFailure) {
      String why = "";
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          if (channel == null) {
            channel = RpcChannel.open(address, limits);
          }
          call.call(channel.client(mesetaConstants.AGENT_SERVICE, AgentService.Client::new));
          return;
        } catch (io.meseta.protocol.thrift.MesetaError e) {
          why = e.getCode() + ": " + e.getMessage();
          break;
        } catch (TException | RuntimeException e) {
          why = e.toString();
          if (channel != null) {
            channel.close();
            channel = null;
          }
        }
      }
      LOG.warn("{} to agent at {} failed: {}", what, address, why);
      onFailure.failed(why);
    }

    /** Drops queued calls and the connection now. */
    void abort() {
      thread.shutdownNow();
      RpcChannel c = channel;
      if (c != null) {
        c.close();
      }
    }

    /** Lets queued calls finish (or fail), then drops the connection. */
    void close() {
      try {
        thread.execute(() -> {
          if (channel != null) {
            channel.close();
            channel = null;
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
      thread.shutdown();
    }
  }
}
