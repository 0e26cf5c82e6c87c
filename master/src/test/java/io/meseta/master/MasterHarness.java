package io.meseta.master;

import com.codahale.metrics.MetricRegistry;
import io.meseta.core.allocation.HierarchicalDrfAllocator;
import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.core.resources.Resources;
import io.meseta.core.task.Command;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.core.time.ManualClock;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.master.registry.FrameworkDescriptor;
import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.Offer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** A master driven directly, on the test thread, with a manual clock and a recording gateway. */
final class MasterHarness {
  final ManualClock clock = new ManualClock();
  final RecordingGateway gateway = new RecordingGateway();
  final MasterMetrics metrics = new MasterMetrics(new MetricRegistry());
  final MasterConfig config;
  final Master master;
  private final Map<FrameworkId, Long> nextSequence = new HashMap<>();

  MasterHarness() {
    this(MasterConfig.defaults(Path.of("/tmp/meseta-test")).withPort(0).withPings(Duration.ofSeconds(1), 3));
  }

  MasterHarness(MasterConfig config) {
    this.config = config;
    this.master = new Master(config, clock, new HierarchicalDrfAllocator(config.allocator(), clock), gateway,
        metrics, "MTEST");
  }

  AgentId agent(String host, String resources) {
    return master.registerAgent(new AgentRegistration(Optional.empty(), host, 5051, Resources.parse(resources),
        new TreeMap<>(), List.of()));
  }

  FrameworkId framework(String name, String role) {
    return master.registerFramework(new FrameworkDescriptor(name, "alice", role, Duration.ZERO, List.of(), "h"),
        Optional.empty());
  }

  /** Events the framework has not yet taken. */
  List<Event> events(FrameworkId f) {
    long from = nextSequence.getOrDefault(f, 1L);
    try {
      List<Event> out = master.mailboxes().get(f).poll(from, 0, 100_000);
      if (!out.isEmpty()) {
        nextSequence.put(f, out.get(out.size() - 1).getSequence() + 1);
      }
      return out;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  List<Event> events(FrameworkId f, EventType type) {
    return events(f).stream().filter(e -> e.getType() == type).toList();
  }

  List<Offer> offers(FrameworkId f) {
    List<Offer> out = new ArrayList<>();
    events(f, EventType.OFFERS).forEach(e -> out.addAll(e.getOffers()));
    return out;
  }

  static TaskSpec task(String id, AgentId agent, String resources) {
    return new TaskSpec(TaskId.of(id), id, agent, Resources.parse(resources), Command.shell("true"), Map.of(),
        Optional.empty());
  }

  static TaskStatus status(String task, TaskState state, String updateId) {
    return new TaskStatus(TaskId.of(task), null, null, state, "", "", OptionalInt.empty(), 0L,
        Optional.of(updateId));
  }
}
