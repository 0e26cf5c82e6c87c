package io.meseta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.codec.StateJson;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.FrameworkSummary;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.OperatorService;
import io.meseta.protocol.thrift.ResourceUsage;
import io.meseta.protocol.thrift.TaskSummary;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meseta state}: what the master knows, as a table or as JSON (the master's {@code GET /state}). */
@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Shows agents (total and used resources), frameworks and tasks (with their usage).")
final class StateCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--master", defaultValue = "localhost:5050", description = Masters.FLAG_HELP)
  String master;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--live", description = "Leave out tasks that have ended.")
  boolean live;

  @Override
  public Integer call() throws Exception {
    ClusterStateResponse state = fetch(master, live);
    if (json) {
      JSON.writeValue(System.out, StateJson.toMap(state));
      System.out.println();
    } else {
      print(state, System.out);
    }
    return 0;
  }

  /**
   * The cluster state from the leading master named by {@code masterFlag}; a standby that names
   * the leader is followed once.
   *
   * @throws Main.UsageError naming the master if it cannot be reached
   */
  static ClusterStateResponse fetch(String masterFlag, boolean live) throws Exception {
    HostPort address = Masters.leader(masterFlag, Duration.ofSeconds(15));
    try {
      return fetch(address, live);
    } catch (MesetaError e) {
      if (e.getCode() != ErrorCode.NOT_LEADER || e.getLeader() == null) {
        throw e;
      }
      return fetch(HostPort.parse(e.getLeader(), 5050), live); // a standby named the leader: ask it once
    }
  }

  private static ClusterStateResponse fetch(HostPort address, boolean live) throws Exception {
    try (RpcChannel ch = RpcChannel.open(address, RpcLimits.DEFAULT)) {
      return ch.client(mesetaConstants.OPERATOR_SERVICE, OperatorService.Client::new)
          .getState(new ClusterStateRequest().setIncludeCompletedTasks(!live));
    } catch (org.apache.thrift.transport.TTransportException e) {
      throw new Main.UsageError("cannot reach the master at " + address + ": " + e.getMessage());
    }
  }

  static String text(List<io.meseta.protocol.thrift.Resource> r) {
    return ResourceCodec.fromWire(r).toString();
  }

  /** {@code 1.2s} CPU, {@code 64.0M/256.0M} memory, processes; dashes without a sample. */
  static String[] usageColumns(TaskSummary t) {
    if (!t.isSetUsage()) {
      return new String[] {"-", "-", "-"};
    }
    ResourceUsage u = t.getUsage();
    String mem = mib(u.getMemoryBytes()) + (u.isSetMemoryLimitBytes() ? "/" + mib(u.getMemoryLimitBytes()) : "");
    return new String[] {String.format(Locale.ROOT, "%.1fs", u.getCpuSeconds()), mem,
        Integer.toString(u.getProcesses())};
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1fM", bytes / (1024.0 * 1024.0));
  }

  private static void print(ClusterStateResponse s, PrintStream out) {
    out.printf("master %s (%s), total %s%n%n", s.getMasterId(), s.getLeader(), text(s.getTotalResources()));
    out.printf("AGENTS (%d)%n", s.getAgentsSize());
    out.printf("  %-22s %-20s %-20s %-40s %s%n", "ID", "HOST", "HTTP", "TOTAL", "USED");
    for (AgentSummary a : s.getAgents()) {
      String http = StateJson.httpAddress(a);
      out.printf("  %-22s %-20s %-20s %-40s %s%n", a.getAgentId(), a.getHostname() + ":" + a.getPort(),
          http == null ? "-" : http, text(a.getTotal()), text(a.getUsed()));
    }
    out.printf("%nFRAMEWORKS (%d)%n", s.getFrameworksSize());
    out.printf("  %-22s %-16s %-10s %-8s %-7s %s%n", "ID", "NAME", "ROLE", "ACTIVE", "SHARE", "ALLOCATED");
    for (FrameworkSummary f : s.getFrameworks()) {
      out.printf("  %-22s %-16s %-10s %-8s %-7.3f %s%n", f.getFrameworkId(), f.getName(), f.getRole(), f.isActive(),
          f.getDominantShare(), text(f.getAllocated()));
    }
    out.printf("%nTASKS (%d)%n", s.getTasksSize());
    out.printf("  %-24s %-22s %-22s %-9s %-8s %-16s %-5s %s%n", "ID", "FRAMEWORK", "AGENT", "STATE", "CPU", "MEM",
        "PROCS", "DETAIL");
    for (TaskSummary t : s.getTasks()) {
      String detail = (t.getReason() == null ? "" : t.getReason())
          + (t.isSetExitCode() ? " exit " + t.getExitCode() : "")
          + (t.getMessage() == null ? "" : " " + t.getMessage());
      String[] u = usageColumns(t);
      out.printf("  %-24s %-22s %-22s %-9s %-8s %-16s %-5s %s%n", t.getTaskId(), t.getFrameworkId(), t.getAgentId(),
          t.getState().name(), u[0], u[1], u[2], detail.trim());
    }
  }
}
