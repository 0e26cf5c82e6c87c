package io.meseta.protocol.codec;

import io.meseta.protocol.thrift.AgentSummary;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.FrameworkSummary;
import io.meseta.protocol.thrift.Resource;
import io.meseta.protocol.thrift.ResourceUsage;
import io.meseta.protocol.thrift.TaskSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster state as plain maps and lists, for JSON: what {@code meseta state --json} prints and
 * the master's {@code GET /state} serves. Keys are snake_case; resources are in their text form.
 */
public final class StateJson {
  private StateJson() {}

  public static Map<String, Object> toMap(ClusterStateResponse s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("master_id", s.getMasterId());
    m.put("leader", s.getLeader());
    m.put("total", text(s.getTotalResources()));
    List<Object> agents = new ArrayList<>();
    for (AgentSummary a : s.getAgents()) {
      agents.add(agent(a));
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
      tasks.add(task(t));
    }
    m.put("tasks", tasks);
    return m;
  }

  static Map<String, Object> agent(AgentSummary a) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", a.getAgentId());
    x.put("hostname", a.getHostname());
    x.put("port", a.getPort());
    x.put("http", httpAddress(a));
    x.put("total", text(a.getTotal()));
    x.put("used", text(a.getUsed()));
    x.put("offered", text(a.getOffered()));
    x.put("active", a.isActive());
    x.put("attributes", ResourceCodec.attributesFromWire(a.getAttributes()));
    return x;
  }

  /** One task, as in the {@code tasks} list. */
  public static Map<String, Object> task(TaskSummary t) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", t.getTaskId());
    x.put("name", t.getName());
    x.put("framework_id", t.getFrameworkId());
    x.put("agent_id", t.getAgentId());
    x.put("state", t.getState() == null ? null : t.getState().name());
    x.put("resources", text(t.getResources()));
    x.put("reason", t.getReason());
    x.put("message", t.getMessage());
    x.put("exit_code", t.isSetExitCode() ? t.getExitCode() : null);
    x.put("usage", t.isSetUsage() ? usage(t.getUsage()) : null);
    return x;
  }

  /** A usage sample: {@code cpu_seconds}, {@code memory_bytes}, {@code memory_limit_bytes} (null: none), ... */
  public static Map<String, Object> usage(ResourceUsage u) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("cpu_seconds", u.getCpuSeconds());
    x.put("memory_bytes", u.getMemoryBytes());
    x.put("memory_limit_bytes", u.isSetMemoryLimitBytes() ? u.getMemoryLimitBytes() : null);
    x.put("processes", u.getProcesses());
    x.put("sampled_at_millis", u.getSampledAtMillis());
    return x;
  }

  /** {@code hostname:httpPort} of an agent that serves HTTP, else null. */
  public static String httpAddress(AgentSummary a) {
    return a.isSetHttpPort() ? a.getHostname() + ":" + a.getHttpPort() : null;
  }

  static String text(List<Resource> r) {
    return ResourceCodec.fromWire(r).toString();
  }
}
