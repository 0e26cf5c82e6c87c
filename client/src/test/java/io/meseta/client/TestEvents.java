package io.meseta.client;

import io.meseta.protocol.thrift.Event;
import io.meseta.protocol.thrift.EventType;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.Resource;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Events, framework descriptions and client builders for the client tests. */
final class TestEvents {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String NAME = "test-fw";

  private TestEvents() {}

  static FrameworkInfo framework() {
    return new FrameworkInfo(NAME, "tester").setRole("analytics").setFailoverTimeoutSeconds(60);
  }

  /** A client with short polls and short backoff, so that reconnects happen quickly. */
  static FrameworkClient.Builder client(FakeMaster master, Scheduler scheduler) {
    return FrameworkClient.builder(master.address(), framework(), scheduler)
        .pollWait(Duration.ofSeconds(2))
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
        .backoffSeed(42);
  }

  static Event offers(String... offerIds) {
    List<Offer> offers = Arrays.stream(offerIds).map(id -> new Offer(id, "fw-1", "agent-1", "host-1",
        List.of(new Resource("cpus").setScalar(1)), List.of())).toList();
    return new Event().setType(EventType.OFFERS).setOffers(offers);
  }

  static Event rescind(String offerId) {
    return new Event().setType(EventType.RESCIND).setOfferId(offerId).setMessage("expired");
  }

  static Event update(String taskId, TaskState state, String updateId) {
    TaskStatus status = new TaskStatus(taskId, state, 1_000).setAgentId("agent-1").setFrameworkId("fw-1");
    if (updateId != null) {
      status.setUpdateId(updateId);
    }
    return new Event().setType(EventType.UPDATE).setStatus(status);
  }

  static Event agentLost(String agentId) {
    return new Event().setType(EventType.AGENT_LOST).setAgentId(agentId).setMessage("agent removed");
  }

  static Event heartbeat() {
    return new Event().setType(EventType.HEARTBEAT);
  }

  static Event error(String message) {
    return new Event().setType(EventType.ERROR).setMessage(message);
  }

  /** An event whose type this client version does not know (it reads as null). */
  static Event unknownType() {
    return new Event().setMessage("from a newer master");
  }
}
