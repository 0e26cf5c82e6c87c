package io.meseta.slave.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Persists each task's stream of unacknowledged status updates as JSON in
 * {@code <root>/<frameworkId>/<taskId>.json}. Every write goes to a temporary file that is then
 * moved over the old one atomically, so a crash leaves either the old or the new stream.
 */
public final class UpdateStore {
  private static final String SUFFIX = ".json";
  private final Path root;
  private final ObjectMapper json = new ObjectMapper();

  /** @param root the directory of the streams, normally {@code workDir/meta/updates} */
  public UpdateStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path file(TaskKey key) {
    return root.resolve(key.frameworkId().value()).resolve(key.taskId().value() + SUFFIX);
  }

  /** Replaces the stored stream of {@code key} with {@code pending}. */
  public void write(TaskKey key, List<TaskStatus> pending) throws IOException {
    Path file = file(key);
    Files.createDirectories(file.getParent());
    List<StoredUpdate> updates = new ArrayList<>();
    for (TaskStatus s : pending) {
      updates.add(StoredUpdate.of(s));
    }
    Path tmp = Files.createTempFile(file.getParent(), key.taskId().value(), ".tmp");
    try {
      json.writeValue(tmp.toFile(), new StoredStream(key.frameworkId().value(), key.taskId().value(), updates));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The stored stream of {@code key}; empty if none is stored. */
  public List<TaskStatus> read(TaskKey key) throws IOException {
    Path file = file(key);
    if (!Files.exists(file)) {
      return List.of();
    }
    StoredStream stream = json.readValue(file.toFile(), StoredStream.class);
    List<TaskStatus> out = new ArrayList<>();
    for (StoredUpdate u : stream.updates()) {
      out.add(u.toStatus());
    }
    return out;
  }

  public void delete(TaskKey key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  /**
   * The tasks that have a stored stream, in key order. Files whose place does not name a valid
   * framework and task id are not streams of this store and are left out.
   */
  public List<TaskKey> list() throws IOException {
    List<TaskKey> keys = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return keys;
    }
    try (Stream<Path> walk = Files.walk(root, 2)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String name = p.getFileName().toString();
        if (p.getNameCount() != root.getNameCount() + 2 || !name.endsWith(SUFFIX) || !Files.isRegularFile(p)) {
          continue;
        }
        try {
          keys.add(new TaskKey(FrameworkId.of(p.getParent().getFileName().toString()),
              TaskId.of(name.substring(0, name.length() - SUFFIX.length()))));
        } catch (IllegalArgumentException e) {
          // not a stream file
        }
      }
    }
    keys.sort(null);
    return keys;
  }

  /** Moves the unreadable stream of {@code key} aside to {@code <file>.corrupt}; returns where. */
  public Path quarantine(TaskKey key) throws IOException {
    Path file = file(key);
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    return aside;
  }

  /** The JSON form of one task's stream. */
  record StoredStream(String frameworkId, String taskId, List<StoredUpdate> updates) {}

  /** The JSON form of one update. */
  record StoredUpdate(String taskId, String frameworkId, String agentId, String state, String reason,
      String message, Integer exitCode, long timestampMillis, String updateId) {

    static StoredUpdate of(TaskStatus s) {
      return new StoredUpdate(s.taskId().value(),
          s.frameworkId() == null ? null : s.frameworkId().value(),
          s.agentId() == null ? null : s.agentId().value(),
          s.state().name(), s.reason(), s.message(),
          s.exitCode().isPresent() ? s.exitCode().getAsInt() : null,
          s.timestampMillis(), s.updateId().orElse(null));
    }

    TaskStatus toStatus() {
      return new TaskStatus(TaskId.of(taskId), frameworkId == null ? null : FrameworkId.of(frameworkId),
          agentId == null ? null : AgentId.of(agentId), TaskState.valueOf(state), reason, message,
          exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode), timestampMillis,
          Optional.ofNullable(updateId));
    }
  }
}
