package io.meseta.master.durable;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** Registry entries that use every field, and batches made of them. */
final class RegistrySamples {
  static final AgentId A1 = AgentId.of("M1.1-S000001");
  static final AgentId A2 = AgentId.of("M1.1-S000002");
  static final FrameworkId F1 = FrameworkId.of("M1.1-F000001");
  static final FrameworkId F2 = FrameworkId.of("M1.1-F000002");

  private RegistrySamples() {}

  static StoredAgent agent(AgentId id, String host) {
    return new StoredAgent(id, host, 5051, Resources.parse("cpus:4;mem:4096;ports:[31000-31010,32000]"),
        new TreeMap<>(Map.of("rack", "r1", "zone", "a")));
  }

  static StoredFramework framework(FrameworkId id, String role) {
    return new StoredFramework(id, new FrameworkDescriptor("fw-" + id.value(), "alice", role, Duration.ofSeconds(90),
        List.of("PARTITION_AWARE"), "sched.example"));
  }

  static TaskSpec spec(String task, AgentId agent) {
    Command command = new Command(Optional.empty(), List.of("/bin/echo", "hi there"), Map.of("A", "1", "B", "x=y"),
        List.of(FetchUri.of("http://example/a.tgz"), new FetchUri("http://example/run.sh", true, false,
            Optional.of("run.sh"))), Optional.of("nobody"));
    return new TaskSpec(TaskId.of(task), "name-" + task, agent, Resources.parse("cpus:0.5;mem:128;ports:[31001]"),
        command, Map.of("team", "data"), Optional.of(Duration.ofMillis(2500)));
  }

  static StoredTask task(FrameworkId f, String task, AgentId agent, TaskState state, long at) {
    TaskStatus latest = new TaskStatus(TaskId.of(task), f, agent, state, "COMMAND_EXITED", "line \"1\"\nline 2",
        state.isTerminal() ? OptionalInt.of(3) : OptionalInt.empty(), at, Optional.of("u-" + task + "-" + state));
    return new StoredTask(f, spec(task, agent), state, Optional.of(latest), at);
  }

  static StoredTask staging(FrameworkId f, String task, AgentId agent) {
    return new StoredTask(f, new TaskSpec(TaskId.of(task), task, agent, Resources.parse("cpus:1"),
        Command.shell("sleep 1"), Map.of(), Optional.empty()), TaskState.STAGING, Optional.empty(), 7);
  }

  /** Three batches: everything is added, then some of it changes and goes. */
  static List<RegistryChange> history() {
    RegistryChange first = new RegistryChange.Builder()
        .meta(new RegistryMeta(1, 2, 2))
        .putAgent(agent(A1, "host1"))
        .putAgent(agent(A2, "host2"))
        .putFramework(framework(F1, "analytics"))
        .putFramework(framework(F2, "*"))
        .putTask(task(F1, "t1", A1, TaskState.RUNNING, 10))
        .putTask(task(F1, "t2", A2, TaskState.RUNNING, 11))
        .putTask(staging(F2, "t3", A1))
        .build();
    RegistryChange second = new RegistryChange.Builder()
        .putTask(task(F1, "t1", A1, TaskState.FINISHED, 20))
        .putAgent(new StoredAgent(A1, "host1-moved", 6000, Resources.parse("cpus:8"), new TreeMap<>()))
        .build();
    RegistryChange third = new RegistryChange.Builder()
        .meta(new RegistryMeta(2, 2, 2))
        .removeAgent(A2)
        .removeFramework(F2)
        .removeTask(new TaskKey(F2, TaskId.of("t3")))
        .putTask(task(F1, "t2", A2, TaskState.LOST, 30))
        .build();
    return List.of(first, second, third);
  }

  /** What {@link #history} leaves, worked out by the in-memory store. */
  static RegistryContents expected() {
    InMemoryRegistryStore s = new InMemoryRegistryStore();
    history().forEach(s::apply);
    return s.load();
  }
}
