package io.meseta.master.http;

import com.codahale.metrics.MetricRegistry;
import io.meseta.protocol.codec.StateJson;
import io.meseta.protocol.http.HttpEndpoints;
import io.meseta.protocol.http.HttpError;
import io.meseta.protocol.http.HttpQuery;
import io.meseta.protocol.http.HttpReply;
import io.meseta.protocol.http.MetricsJson;
import io.meseta.protocol.thrift.ClusterStateRequest;
import io.meseta.protocol.thrift.ClusterStateResponse;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import io.meseta.protocol.thrift.OperatorService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.thrift.TException;

/**
 * The master's HTTP endpoints.
 *
 * <ul>
 *   <li>{@code GET /metrics}: the master's metric registry as JSON ({@link MetricsJson});
 *   <li>{@code GET /health}: 200 while the process serves, with {@code role} {@code leader} or
 *       {@code standby}, the master id and the leader's address (null while none is known);
 *   <li>{@code GET /state[?live=true]}: the cluster state, exactly what {@code meseta state --json}
 *       prints ({@link StateJson}); {@code live} leaves out ended tasks. A standby answers 503 with
 *       {@code error} and {@code leader}.
 * </ul>
 */
public final class MasterHttp {
  /** What {@code /health} reports about this master process. */
  public interface Health {
    boolean leading();

    String masterId();

    Optional<String> leaderAddress();
  }

  private MasterHttp() {}

  /**
   * Serves the endpoints on {@code bindHost:port} (0: any free port).
   *
   * @throws IOException naming the address if it cannot be bound
   */
  public static HttpEndpoints start(String bindHost, int port, MetricRegistry metrics, OperatorService.Iface operator,
      Health health) throws IOException {
    return HttpEndpoints.builder("master")
        .get("/metrics", MetricsJson.endpoint(metrics))
        .get("/health", q -> HttpReply.json(health(health)))
        .get("/state", q -> state(operator, q))
        .start(bindHost, port);
  }

  static Map<String, Object> health(Health health) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("role", health.leading() ? "leader" : "standby");
    m.put("master_id", health.masterId());
    m.put("leader", health.leaderAddress().orElse(null));
    return m;
  }

  static HttpReply state(OperatorService.Iface operator, HttpQuery q) throws HttpError {
    boolean live = q.flag("live", false);
    ClusterStateResponse state;
    try {
      state = operator.getState(new ClusterStateRequest().setIncludeCompletedTasks(!live));
    } catch (MesetaError e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.getMessage());
      if (e.getCode() == ErrorCode.NOT_LEADER || e.getCode() == ErrorCode.UNAVAILABLE) {
        body.put("leader", e.getLeader());
        return HttpReply.json(503, body);
      }
      return HttpReply.json(500, body);
    } catch (TException e) {
      throw new HttpError(500, "cannot take the cluster state: " + e);
    }
    return HttpReply.json(StateJson.toMap(state));
  }
}
