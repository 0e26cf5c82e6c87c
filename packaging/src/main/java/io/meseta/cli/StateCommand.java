package io.meseta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.FrameworkSummary;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.TaskSummary;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import java.time.Duration;

/** {@code meseta state}: what the master knows, as a table or as JSON. */
@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Shows agents (total and used resources), frameworks and tasks.")
final class StateCommand implements Callable<Integer> {
  @Option(names = "--master", defaultValue = "localhost:5050", description = Masters.FLAG_HELP)
  String master;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--live", description = "Leave out tasks that have ended.")
  boolean live;

  @Override
  public Integer call() throws Exception {
    HostPort address = Masters.leader(master, Duration.ofSeconds(15));
    ClusterStateResponse state;
    try {
      state = fetch(address);
    } catch (MesetaError e) {
      if (e.getCode() != ErrorCode.NOT_LEADER || e.getLeader() == null) {
        throw e;
      }
      state = fetch(HostPort.parse(e.getLeader(), 5050)); // a standby named the leader: ask it once
    }
    if (json) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(System.out, toMap(state));
      System.out.println();
    } else {
      print(state, System.out);
    }
    return 0;
  }

  private ClusterStateResponse fetch(HostPort address) throws Exception {
    try (RpcChannel ch = RpcChannel.open(address, RpcLimits.DEFAULT)) {
      return ch.client(mesetaConstants.OPERATOR_SERVICE, OperatorService.Client::new)
          .getState(new ClusterStateRequest().setIncludeCompletedTasks(!live));
    } catch (org.apache.thrift.transport.TTransportException e) {
      throw new Main.UsageError("cannot reach the master at " + address + ": " + e.getMessage());
    }
  }

  static Map<String, Object> toMap(ClusterStateResponse s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("master_id", s.getMasterId());
    m.put("leader", s.getLeader());
    m.put("total", text(s.getTotalResources()));
    List<Object> agents = new ArrayList<>();
    for (AgentSummary a : s.getAgents()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", a.getAgentId());
      x.put("hostname", a.getHostname());
      x.put("port", a.getPort());
      x.put("total", text(a.getTotal()));
      x.put("used", text(a.getUsed()));
      x.put("offered", text(a.getOffered()));
      x.put("active", a.isActive());
      x.put("attributes", ResourceCodec.attributesFromWire(a.getAttributes()));
      agents.add(x);
    }
    m.put("agents", agents);
    List<Object> frameworks = new ArrayList<>();
    for (FrameworkSummary f : s.getFrameworks()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", f.getFrameworkId());
      x.put("name", f.getName());
      x.put("user", f.getUser());
      x.put("role", f.getRole());
      x.put("active", f.isActive());
      x.put("suppressed", f.isSuppressed());
      x.put("allocated", text(f.getAllocated()));
      x.put("dominant_share", f.getDominantShare());
      x.put("offers", f.getOutstandingOffers());
      frameworks.add(x);
    }
    m.put("frameworks", frameworks);
    List<Object> tasks = new ArrayList<>();
    for (TaskSummary t : s.getTasks()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", t.getTaskId());
      x.put("name", t.getName());
      x.put("framework_id", t.getFrameworkId());
      x.put("agent_id", t.getAgentId());
      x.put("state", t.getState().name());
      x.put("resources", text(t.getResources()));
      x.put("reason", t.getReason());
      x.put("message", t.getMessage());
      x.put("exit_code", t.isSetExitCode() ? t.getExitCode() : null);
      tasks.add(x);
    }
    m.put("tasks", tasks);
    return m;
  }

  private static String text(List<io.meseta.protocol.thrift.Resource> r) {
    return ResourceCodec.fromWire(r).toString();
  }

  private static void print(ClusterStateResponse s, PrintStream out) {
    out.printf("master %s (%s), total %s%n%n", s.getMasterId(), s.getLeader(), text(s.getTotalResources()));
    out.printf("AGENTS (%d)%n", s.getAgentsSize());
    out.printf("  %-22s %-20s %-40s %s%n", "ID", "HOST", "TOTAL", "USED");
    for (AgentSummary a : s.getAgents()) {
      out.printf("  %-22s %-20s %-40s %s%n", a.getAgentId(), a.getHostname() + ":" + a.getPort(), text(a.getTotal()),
          text(a.getUsed()));
    }
    out.printf("%nFRAMEWORKS (%d)%n", s.getFrameworksSize());
    out.printf("  %-22s %-16s %-10s %-8s %-7s %s%n", "ID", "NAME", "ROLE", "ACTIVE", "SHARE", "ALLOCATED");
    for (FrameworkSummary f : s.getFrameworks()) {
      out.printf("  %-22s %-16s %-10s %-8s %-7.3f %s%n", f.getFrameworkId(), f.getName(), f.getRole(), f.isActive(),
          f.getDominantShare(), text(f.getAllocated()));
    }
    out.printf("%nTASKS (%d)%n", s.getTasksSize());
    out.printf("  %-24s %-22s %-22s %-9s %s%n", "ID", "FRAMEWORK", "AGENT", "STATE", "DETAIL");
    for (TaskSummary t : s.getTasks()) {
      String detail = (t.getReason() == null ? "" : t.getReason())
          + (t.isSetExitCode() ? " exit " + t.getExitCode() : "")
          + (t.getMessage() == null ? "" : " " + t.getMessage());
      out.printf("  %-24s %-22s %-22s %-9s %s%n", t.getTaskId(), t.getFrameworkId(), t.getAgentId(),
          t.getState().name(), detail.trim());
    }
  }
}
