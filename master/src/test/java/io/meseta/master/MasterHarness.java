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
import io.meseta.master.durable.InMemoryRegistryStore;
import io.meseta.master.durable.RegistryChange;
import io.meseta.master.durable.RegistryContents;
import io.meseta.master.durable.RegistryException;
import io.meseta.master.durable.RegistryJournal;
import io.meseta.master.durable.RegistryMeta;
import io.meseta.master.events.Outbox;
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

/**
 * A master driven directly, on the test thread, with a manual clock and a recording gateway.
 * Effects leave at once; registry writes go to an in-memory store when {@link #commit}ted.
 */
final class MasterHarness {
  static final MasterConfig CONFIG =
      MasterConfig.defaults(Path.of("/tmp/meseta-test")).withPort(0).withPings(Duration.ofSeconds(1), 3);

  final ManualClock clock;
  final RecordingGateway gateway = new RecordingGateway();
  final MasterMetrics metrics = new MasterMetrics(new MetricRegistry());
  final MasterConfig config;
  final Master master;
  final InMemoryRegistryStore store;
  private final Map<FrameworkId, Long> nextSequence = new HashMap<>();

  MasterHarness() {
    this(CONFIG);
  }

  MasterHarness(MasterConfig config) {
    this.config = config;
    this.clock = new ManualClock();
    this.store = new InMemoryRegistryStore();
    this.master = new Master(config, clock, new HierarchicalDrfAllocator(config.allocator(), clock), gateway,
        metrics, "MTEST", RegistryMeta.EMPTY, new RegistryJournal(store, metrics.registryWrite), Outbox.IMMEDIATE);
  }

  /**
   * A master that takes over {@code store} as a new leader would: it claims the next term and
   * recovers what the store holds.
   */
  MasterHarness(MasterConfig config, InMemoryRegistryStore store, String masterId, ManualClock clock) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    RegistryContents contents = store.load();
    RegistryMeta meta = contents.meta().nextTerm();
    store.apply(RegistryChange.metaOnly(meta));
    this.master = new Master(config, clock, new HierarchicalDrfAllocator(config.allocator(), clock), gateway,
        metrics, masterId, meta, new RegistryJournal(store, metrics.registryWrite), Outbox.IMMEDIATE);
    master.recover(contents);
  }

  void commit() {
    try {
      master.commit();
    } catch (RegistryException e) {
      throw new AssertionError(e);
    }
  }

  AgentId agent(String host, String resources) {
    return master.registerAgent(new AgentRegistration(Optional.empty(), host, 5051, Resources.parse(resources),
        new TreeMap<>(), List.of()));
  }

  FrameworkId framework(String name, String role) {
    return framework(name, role, Duration.ZERO);
  }

  FrameworkId framework(String name, String role, Duration failoverTimeout) {
    return master.registerFramework(descriptor(name, role, failoverTimeout), Optional.empty());
  }

  static FrameworkDescriptor descriptor(String name, String role, Duration failoverTimeout) {
    return new FrameworkDescriptor(name, "alice", role, failoverTimeout, List.of(), "h");
  }

  /** An agent that registered before re-registers, reporting the tasks it runs. */
  AgentId reregister(AgentId id, String host, String resources, AgentRegistration.ReportedTask... running) {
    return master.registerAgent(new AgentRegistration(Optional.of(id), host, 5051, Resources.parse(resources),
        new TreeMap<>(), List.of(running)));
  }

  static AgentRegistration.ReportedTask running(FrameworkId f, TaskSpec spec) {
    return new AgentRegistration.ReportedTask(f, spec, TaskState.RUNNING);
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
