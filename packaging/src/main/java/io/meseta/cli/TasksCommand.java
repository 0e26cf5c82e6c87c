package io.meseta.cli;

import io.meseta.protocol.codec.StateJson;
import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.TaskSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meseta tasks}: the tasks the master knows, with their state, the host of their agent,
 * their resources and the usage their agent last reported.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
    description = "Lists tasks: state, agent host, resources and usage (CPU time, memory, processes).")
final class TasksCommand implements Callable<Integer> {
  @Option(names = "--master", defaultValue = "localhost:5050", description = Masters.FLAG_HELP)
  String master;

  @Option(names = "--json", description = "Print JSON: a list of tasks, each as in 'state --json' plus "
      + "agent_host and agent_http.")
  boolean json;

  @Option(names = "--framework", paramLabel = "ID", description = "Only the tasks of this framework.")
  String framework;

  @Option(names = "--live", description = "Leave out tasks that have ended.")
  boolean live;

  @Override
  public Integer call() throws Exception {
    ClusterStateResponse state = StateCommand.fetch(master, live);
    if (framework != null && state.getFrameworks().stream().noneMatch(f -> f.getFrameworkId().equals(framework))
        && state.getTasks().stream().noneMatch(t -> t.getFrameworkId().equals(framework))) {
      throw new Main.UsageError("the master knows no framework '" + framework + "'");
    }
    List<Map<String, Object>> rows = rows(state, framework);
    if (json) {
      StateCommand.JSON.writeValue(System.out, rows);
      System.out.println();
    } else {
      print(state, System.out);
    }
    return 0;
  }

  /** The tasks (of {@code framework}, if given) as JSON objects: the state view's fields and the agent's host. */
  static List<Map<String, Object>> rows(ClusterStateResponse state, String framework) {
    Map<String, AgentSummary> agents = agents(state);
    List<Map<String, Object>> out = new ArrayList<>();
    for (TaskSummary t : selected(state, framework)) {
      Map<String, Object> row = new LinkedHashMap<>(StateJson.task(t));
      AgentSummary a = agents.get(t.getAgentId());
      row.put("agent_host", a == null ? null : a.getHostname());
      row.put("agent_http", a == null ? null : StateJson.httpAddress(a));
      out.add(row);
    }
    return out;
  }

  private static List<TaskSummary> selected(ClusterStateResponse state, String framework) {
    return state.getTasks().stream().filter(t -> framework == null || t.getFrameworkId().equals(framework)).toList();
  }

  private static Map<String, AgentSummary> agents(ClusterStateResponse state) {
    Map<String, AgentSummary> out = new LinkedHashMap<>();
    state.getAgents().forEach(a -> out.put(a.getAgentId(), a));
    return out;
  }

  private void print(ClusterStateResponse state, PrintStream out) {
    Map<String, AgentSummary> agents = agents(state);
    List<TaskSummary> tasks = selected(state, framework);
    out.printf("%-24s %-22s %-9s %-20s %-28s %-8s %-16s %s%n", "ID", "FRAMEWORK", "STATE", "HOST", "RESOURCES", "CPU",
        "MEM", "PROCS");
    for (TaskSummary t : tasks) {
      AgentSummary a = agents.get(t.getAgentId());
      String[] u = StateCommand.usageColumns(t);
      out.printf("%-24s %-22s %-9s %-20s %-28s %-8s %-16s %s%n", t.getTaskId(), t.getFrameworkId(),
          t.getState().name(), a == null ? "(" + t.getAgentId() + " gone)" : a.getHostname(),
          StateCommand.text(t.getResources()), u[0], u[1], u[2]);
    }
    out.printf("%d task(s)%n", tasks.size());
  }
}
