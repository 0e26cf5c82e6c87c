package io.meseta.slave.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.protocol.codec.TaskCodec;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.slave.containerizer.ProcessIdentity;
import io.meseta.slave.status.TaskKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TJSONProtocol;

/**
 * Keeps one {@link TaskCheckpoint} per task as JSON in {@code <root>/<frameworkId>/<taskId>.json}
 * (normally {@code root = workDir/meta/tasks}); the task itself is stored as the Thrift JSON form
 * of its wire {@code TaskInfo}. Every write replaces the file atomically; like the status update
 * streams, checkpoints are not forced to disk: they survive the agent's death, not the machine's.
 *
 * <pre>{@code
 * {"version":1, "frameworkId":"fw-1", "taskId":"t1", "state":"RUNNING",
 *  "pid":4242, "pidStartTime":1234567, "killGraceMillis":null, "task":{...Thrift JSON...}}
 * }</pre>
 */
public final class TaskCheckpointStore {
  private static final int VERSION = 1;
  private static final String SUFFIX = ".json";

  private final Path root;
  private final ObjectMapper json = new ObjectMapper();

  public TaskCheckpointStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path file(TaskKey key) {
    return root.resolve(key.frameworkId().value()).resolve(key.taskId().value() + SUFFIX);
  }

  /** The JSON form. */
  record Stored(int version, String frameworkId, String taskId, String state, Long pid, Long pidStartTime,
      Long killGraceMillis, JsonNode task) {}

  /** Replaces the checkpoint of {@code c}'s task. */
  public void write(TaskCheckpoint c) throws IOException {
    JsonNode task;
    try {
      task = json.readTree(new TSerializer(new TJSONProtocol.Factory()).toString(TaskCodec.toWire(c.spec())));
    } catch (TException e) {
      throw new IOException("cannot encode task " + c.key() + ": " + e.getMessage(), e);
    }
    Stored s = new Stored(VERSION, c.frameworkId().value(), c.spec().taskId().value(), c.state().name(),
        c.process().map(ProcessIdentity::pid).orElse(null), c.process().map(ProcessIdentity::startTime).orElse(null),
        c.killGrace().map(Duration::toMillis).orElse(null), task);
    AtomicFiles.write(file(c.key()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(s), false);
  }

  public void delete(TaskKey key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  /** One stored checkpoint: read, or unreadable. */
  public sealed interface Loaded {
    Path file();
  }

  /** A checkpoint that was read. */
  public record Readable(Path file, TaskCheckpoint checkpoint) implements Loaded {}

  /**
   * A checkpoint that cannot be read.
   *
   * @param key   the task, when the file's place names a valid framework and task id
   * @param error names the file and what is wrong
   */
  public record Unreadable(Path file, Optional<TaskKey> key, CheckpointException error) implements Loaded {}

  /** Every stored checkpoint, in path order. */
  public List<Loaded> readAll() throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root, 2)) {
        walk.filter(p -> p.getNameCount() == root.getNameCount() + 2 && p.getFileName().toString().endsWith(SUFFIX)
            && Files.isRegularFile(p)).sorted().forEach(files::add);
      }
    }
    List<Loaded> out = new ArrayList<>();
    for (Path f : files) {
      try {
        out.add(new Readable(f, read(f)));
      } catch (CheckpointException e) {
        out.add(new Unreadable(f, keyOf(f), e));
      }
    }
    return out;
  }

  /** Moves an unreadable checkpoint aside to {@code <file>.corrupt} so it is not read again; returns where. */
  public Path quarantine(Path file) throws IOException {
    return AtomicFiles.quarantine(file);
  }

  private TaskCheckpoint read(Path file) throws CheckpointException {
    Stored s;
    try {
      s = json.readValue(file.toFile(), Stored.class);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(file, "not the expected JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CheckpointException(file, e.toString(), e);
    }
    try {
      return decode(file, s);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CheckpointException(file, String.valueOf(e.getMessage()), e);
    }
  }

  private TaskCheckpoint decode(Path file, Stored s) throws CheckpointException {
    if (s == null) {
      throw new CheckpointException(file, "it is empty", null);
    }
    if (s.version() != VERSION) {
      throw new CheckpointException(file, "version " + s.version() + " is not the supported " + VERSION, null);
    }
    Optional<TaskKey> key = keyOf(file);
    if (key.isEmpty() || !key.get().frameworkId().value().equals(s.frameworkId())
        || !key.get().taskId().value().equals(s.taskId())) {
      throw new CheckpointException(file, "it names task " + s.frameworkId() + "/" + s.taskId()
          + ", which does not match its place", null);
    }
    if (s.state() == null || s.task() == null) {
      throw new CheckpointException(file, "state and task are required", null);
    }
    if ((s.pid() == null) != (s.pidStartTime() == null)) {
      throw new CheckpointException(file, "pid and pidStartTime go together", null);
    }
    TaskInfo info = new TaskInfo();
    try {
      new TDeserializer(new TJSONProtocol.Factory()).fromString(info, s.task().toString());
    } catch (TException e) {
      throw new CheckpointException(file, "the task is not a valid TaskInfo: " + e.getMessage(), e);
    }
    TaskSpec spec = TaskCodec.fromWire(info);
    if (!spec.taskId().value().equals(s.taskId())) {
      throw new CheckpointException(file, "its task is '" + spec.taskId() + "', not '" + s.taskId() + "'", null);
    }
    Optional<ProcessIdentity> process = s.pid() == null ? Optional.empty()
        : Optional.of(new ProcessIdentity(s.pid(), s.pidStartTime()));
    Optional<Duration> grace = Optional.ofNullable(s.killGraceMillis()).map(Duration::ofMillis);
    return new TaskCheckpoint(FrameworkId.of(s.frameworkId()), spec, TaskState.valueOf(s.state()), process, grace);
  }

  private Optional<TaskKey> keyOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return Optional.of(new TaskKey(FrameworkId.of(file.getParent().getFileName().toString()),
          TaskId.of(name.substring(0, name.length() - SUFFIX.length()))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
