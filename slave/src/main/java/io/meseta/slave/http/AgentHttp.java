package io.meseta.slave.http;

import com.codahale.metrics.MetricRegistry;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskState;
import io.meseta.protocol.http.HttpEndpoints;
import io.meseta.protocol.http.HttpError;
import io.meseta.protocol.http.HttpQuery;
import io.meseta.protocol.http.HttpReply;
import io.meseta.protocol.http.MetricsJson;
import io.meseta.slave.files.FileChunk;
import io.meseta.slave.files.SandboxFileException;
import io.meseta.slave.files.SandboxFiles;
import io.meseta.slave.status.TaskKey;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoints.
 *
 * <ul>
 *   <li>{@code GET /metrics}: the agent's metric registry as JSON (per-task usage gauges included);
 *   <li>{@code GET /health}: 200 while the agent serves, with its id and whether it is registered;
 *   <li>{@code GET /files/read?framework=F&task=T&file=stdout&offset=N&length=N}: up to {@code length}
 *       bytes (default 64 KiB, at most 1 MiB) of a file in a task's sandbox from {@code offset}
 *       (default 0), as raw bytes ({@code application/octet-stream}) with the headers
 *       {@value #OFFSET} (where the bytes start), {@value #SIZE} (the file's size now), {@value #EOF}
 *       ({@code true} when they reach its end), {@value #TASK_STATE} (the task's state here, or
 *       {@code UNKNOWN} once the agent forgot it) and {@value #COMPLETE} ({@code true} when the
 *       file will not grow: the task ended or is no longer tracked). {@code file} is a path
 *       relative to the sandbox; one that leaves it, or goes through a symbolic link, is refused
 *       with 403. A missing sandbox or file is 404, a malformed parameter 400; errors are
 *       {@code {"error": "..."}}.
 * </ul>
 */
public final class AgentHttp {
  public static final String OFFSET = "Meseta-Offset";
  public static final String SIZE = "Meseta-Size";
  public static final String EOF = "Meseta-Eof";
  public static final String TASK_STATE = "Meseta-Task-State";
  public static final String COMPLETE = "Meseta-Complete";
  static final int DEFAULT_LENGTH = 64 * 1024;

  private AgentHttp() {}

  /**
   * Serves the endpoints on {@code bindHost:port} (0: any free port).
   *
   * @param states the state of a task the agent tracks
   * @param health what {@code /health} reports
   * @throws IOException naming the address if it cannot be bound
   */
  public static HttpEndpoints start(String bindHost, int port, MetricRegistry metrics, SandboxFiles files,
      Function<TaskKey, Optional<TaskState>> states, Supplier<Map<String, Object>> health) throws IOException {
    return HttpEndpoints.builder("agent")
        .get("/metrics", MetricsJson.endpoint(metrics))
        .get("/health", q -> HttpReply.json(health.get()))
        .get("/files/read", q -> read(files, states, q))
        .start(bindHost, port);
  }

  static HttpReply read(SandboxFiles files, Function<TaskKey, Optional<TaskState>> states, HttpQuery q)
      throws HttpError {
    String framework = q.required("framework");
    String task = q.required("task");
    String file = q.required("file");
    long offset = q.number("offset", 0, 0, Long.MAX_VALUE);
    int length = (int) q.number("length", DEFAULT_LENGTH, 0, SandboxFiles.MAX_LENGTH);
    FileChunk chunk;
    try {
      chunk = files.read(framework, task, file, offset, length);
    } catch (SandboxFileException e) {
      throw switch (e.kind()) {
        case INVALID -> HttpError.badRequest(e.getMessage());
        case FORBIDDEN -> HttpError.forbidden(e.getMessage());
        case NOT_FOUND -> HttpError.notFound(e.getMessage());
        case IO -> new HttpError(500, e.getMessage());
      };
    }
    Optional<TaskState> state = states.apply(new TaskKey(FrameworkId.of(framework), TaskId.of(task)));
    Map<String, String> headers = new TreeMap<>();
    headers.put(OFFSET, Long.toString(chunk.offset()));
    headers.put(SIZE, Long.toString(chunk.size()));
    headers.put(EOF, Boolean.toString(chunk.eof()));
    headers.put(TASK_STATE, state.map(TaskState::name).orElse("UNKNOWN"));
    headers.put(COMPLETE, Boolean.toString(state.map(TaskState::isTerminal).orElse(true)));
    return HttpReply.bytes(chunk.data(), headers);
  }
}
