package io.meseta.master.durable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.Command;
import io.meseta.core.task.FetchUri;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.master.registry.TaskKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The registry's JSON form, shared by the file and ZooKeeper stores. The records here are the
 * durable schema; they never leave this package. Unknown fields are ignored so an older master
 * can read what a newer one wrote; missing lists read as empty.
 */
final class RegistryJson {
  static final int FORMAT_VERSION = 1;

  static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private RegistryJson() {}

  record MetaJson(long term, long agentSequence, long frameworkSequence) {}

  record AgentJson(String id, String hostname, int port, String resources, Map<String, String> attributes) {}

  record FrameworkJson(String id, String name, String user, String role, long failoverTimeoutMillis,
      List<String> capabilities, String hostname) {}

  record UriJson(String value, boolean executable, boolean extract, String outputFile) {}

  record CommandJson(String shell, List<String> arguments, Map<String, String> environment, List<UriJson> uris,
      String user) {}

  record SpecJson(String taskId, String name, String agentId, String resources, CommandJson command,
      Map<String, String> labels, Long killGracePeriodMillis) {}

  record StatusJson(String agentId, String state, String reason, String message, Integer exitCode,
      long timestampMillis, String updateId) {}

  record TaskJson(String frameworkId, SpecJson spec, String state, StatusJson latest, long updatedAtMillis) {}

  record TaskKeyJson(String frameworkId, String taskId) {}

  /** The file store's snapshot: the whole registry, and the last log batch it includes. */
  record SnapshotJson(int version, long lastSequence, MetaJson meta, List<AgentJson> agents,
      List<FrameworkJson> frameworks, List<TaskJson> tasks, List<String> removedAgents,
      List<String> removedFrameworks) {}

  /** One batch of the file store's log. */
  record ChangeJson(long sequence, MetaJson meta, List<AgentJson> putAgents, List<String> deleteAgents,
      List<FrameworkJson> putFrameworks, List<String> deleteFrameworks, List<TaskJson> putTasks,
      List<TaskKeyJson> deleteTasks, List<String> removedAgents, List<String> removedFrameworks) {}

  // ------------------------------------------------------------------ bytes

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** @throws IllegalArgumentException if {@code data} is not a {@code type} */
  static <T> T read(byte[] data, Class<T> type) {
    try {
      T value = MAPPER.readValue(data, type);
      if (value == null) {
        throw new IllegalArgumentException("empty " + type.getSimpleName());
      }
      return value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new IllegalArgumentException("not valid registry JSON: " + e.getOriginalMessage() + where, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid registry JSON: " + e, e);
    }
  }

  // ------------------------------------------------------------------ to JSON

  static MetaJson toJson(RegistryMeta m) {
    return new MetaJson(m.term(), m.agentSequence(), m.frameworkSequence());
  }

  static AgentJson toJson(StoredAgent a) {
    return new AgentJson(a.id().value(), a.hostname(), a.port(), a.total().toString(), a.attributes());
  }

  static FrameworkJson toJson(StoredFramework f) {
    FrameworkDescriptor d = f.descriptor();
    return new FrameworkJson(f.id().value(), d.name(), d.user(), d.role(), d.failoverTimeout().toMillis(),
        d.capabilities(), d.hostname());
  }

  static TaskJson toJson(StoredTask t) {
    return new TaskJson(t.frameworkId().value(), toJson(t.spec()), t.state().name(),
        t.latest().map(RegistryJson::toJson).orElse(null), t.updatedAtMillis());
  }

  static TaskKeyJson toJson(TaskKey k) {
    return new TaskKeyJson(k.framework().value(), k.task().value());
  }

  private static SpecJson toJson(TaskSpec s) {
    Command c = s.command();
    List<UriJson> uris = new ArrayList<>();
    for (FetchUri u : c.uris()) {
      uris.add(new UriJson(u.value(), u.executable(), u.extract(), u.outputFile().orElse(null)));
    }
    CommandJson command = new CommandJson(c.shell().orElse(null), c.arguments(), c.environment(), uris,
        c.user().orElse(null));
    return new SpecJson(s.taskId().value(), s.name(), s.agentId().value(), s.resources().toString(), command,
        s.labels(), s.killGracePeriod().map(Duration::toMillis).orElse(null));
  }

  private static StatusJson toJson(TaskStatus s) {
    return new StatusJson(s.agentId() == null ? null : s.agentId().value(), s.state().name(), s.reason(),
        s.message(), s.exitCode().isPresent() ? s.exitCode().getAsInt() : null, s.timestampMillis(),
        s.updateId().orElse(null));
  }

  // ------------------------------------------------------------------ from JSON

  static RegistryMeta fromJson(MetaJson m) {
    return m == null ? RegistryMeta.EMPTY : new RegistryMeta(m.term(), m.agentSequence(), m.frameworkSequence());
  }

  static StoredAgent fromJson(AgentJson a) {
    return new StoredAgent(AgentId.of(a.id()), required(a.hostname(), "agent hostname"), a.port(),
        Resources.parse(required(a.resources(), "agent resources")), new TreeMap<>(orEmpty(a.attributes())));
  }

  static StoredFramework fromJson(FrameworkJson f) {
    return new StoredFramework(FrameworkId.of(f.id()), new FrameworkDescriptor(f.name(), f.user(), f.role(),
        Duration.ofMillis(f.failoverTimeoutMillis()), orEmpty(f.capabilities()), f.hostname()));
  }

  static StoredTask fromJson(TaskJson t) {
    FrameworkId fid = FrameworkId.of(t.frameworkId());
    TaskSpec spec = fromJson(required(t.spec(), "task spec"));
    Optional<TaskStatus> latest = Optional.ofNullable(t.latest()).map(s -> fromJson(s, fid, spec.taskId()));
    return new StoredTask(fid, spec, TaskState.valueOf(required(t.state(), "task state")), latest,
        t.updatedAtMillis());
  }

  static TaskKey fromJson(TaskKeyJson k) {
    return new TaskKey(FrameworkId.of(k.frameworkId()), TaskId.of(k.taskId()));
  }

  private static TaskSpec fromJson(SpecJson s) {
    CommandJson c = required(s.command(), "task command");
    List<FetchUri> uris = new ArrayList<>();
    for (UriJson u : orEmpty(c.uris())) {
      uris.add(new FetchUri(u.value(), u.executable(), u.extract(), Optional.ofNullable(u.outputFile())));
    }
    Command command = new Command(Optional.ofNullable(c.shell()), orEmpty(c.arguments()), orEmpty(c.environment()),
        uris, Optional.ofNullable(c.user()));
    return new TaskSpec(TaskId.of(s.taskId()), s.name(), AgentId.of(s.agentId()),
        Resources.parse(required(s.resources(), "task resources")), command, orEmpty(s.labels()),
        Optional.ofNullable(s.killGracePeriodMillis()).map(Duration::ofMillis));
  }

  private static TaskStatus fromJson(StatusJson s, FrameworkId fid, TaskId task) {
    return new TaskStatus(task, fid, s.agentId() == null ? null : AgentId.of(s.agentId()),
        TaskState.valueOf(required(s.state(), "status state")), s.reason(), s.message(),
        s.exitCode() == null ? OptionalInt.empty() : OptionalInt.of(s.exitCode()), s.timestampMillis(),
        Optional.ofNullable(s.updateId()));
  }

  // ------------------------------------------------------------------ batches

  static ChangeJson toJson(RegistryChange c, long sequence) {
    List<AgentJson> putAgents = new ArrayList<>();
    List<String> deleteAgents = new ArrayList<>();
    c.agents().forEach((id, a) -> a.ifPresentOrElse(v -> putAgents.add(toJson(v)), () -> deleteAgents.add(id.value())));
    List<FrameworkJson> putFrameworks = new ArrayList<>();
    List<String> deleteFrameworks = new ArrayList<>();
    c.frameworks().forEach((id, f) -> f.ifPresentOrElse(v -> putFrameworks.add(toJson(v)),
        () -> deleteFrameworks.add(id.value())));
    List<TaskJson> putTasks = new ArrayList<>();
    List<TaskKeyJson> deleteTasks = new ArrayList<>();
    c.tasks().forEach((k, t) -> t.ifPresentOrElse(v -> putTasks.add(toJson(v)), () -> deleteTasks.add(toJson(k))));
    return new ChangeJson(sequence, c.meta().map(RegistryJson::toJson).orElse(null), putAgents, deleteAgents,
        putFrameworks, deleteFrameworks, putTasks, deleteTasks,
        c.removedAgents().stream().map(AgentId::value).toList(),
        c.removedFrameworks().stream().map(FrameworkId::value).toList());
  }

  static RegistryChange fromJson(ChangeJson j) {
    RegistryChange.Builder b = new RegistryChange.Builder();
    if (j.meta() != null) {
      b.meta(fromJson(j.meta()));
    }
    orEmpty(j.putAgents()).forEach(a -> b.putAgent(fromJson(a)));
    orEmpty(j.deleteAgents()).forEach(id -> b.deleteAgent(AgentId.of(id)));
    orEmpty(j.putFrameworks()).forEach(f -> b.putFramework(fromJson(f)));
    orEmpty(j.deleteFrameworks()).forEach(id -> b.deleteFramework(FrameworkId.of(id)));
    orEmpty(j.putTasks()).forEach(t -> b.putTask(fromJson(t)));
    orEmpty(j.deleteTasks()).forEach(k -> b.removeTask(fromJson(k)));
    orEmpty(j.removedAgents()).forEach(id -> b.tombstoneAgent(AgentId.of(id)));
    orEmpty(j.removedFrameworks()).forEach(id -> b.tombstoneFramework(FrameworkId.of(id)));
    return b.build();
  }

  static SnapshotJson toJson(RegistryContents c, long lastSequence) {
    return new SnapshotJson(FORMAT_VERSION, lastSequence, toJson(c.meta()),
        c.agents().values().stream().map(RegistryJson::toJson).toList(),
        c.frameworks().values().stream().map(RegistryJson::toJson).toList(),
        c.tasks().values().stream().map(RegistryJson::toJson).toList(),
        c.removedAgents().stream().map(AgentId::value).toList(),
        c.removedFrameworks().stream().map(FrameworkId::value).toList());
  }

  static RegistryContents fromJson(SnapshotJson s) {
    if (s.version() != FORMAT_VERSION) {
      throw new IllegalArgumentException("registry format version " + s.version() + " is not supported (this master "
          + "reads version " + FORMAT_VERSION + ")");
    }
    RegistryChange.Builder b = new RegistryChange.Builder().meta(fromJson(s.meta()));
    orEmpty(s.agents()).forEach(a -> b.putAgent(fromJson(a)));
    orEmpty(s.frameworks()).forEach(f -> b.putFramework(fromJson(f)));
    orEmpty(s.tasks()).forEach(t -> b.putTask(fromJson(t)));
    orEmpty(s.removedAgents()).forEach(id -> b.tombstoneAgent(AgentId.of(id)));
    orEmpty(s.removedFrameworks()).forEach(id -> b.tombstoneFramework(FrameworkId.of(id)));
    RegistryImage image = new RegistryImage();
    image.apply(b.build());
    return image.contents();
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
