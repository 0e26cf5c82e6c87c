package io.meseta.batch.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.batch.engine.JobEngine;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.plan.JobPlanner;
import io.meseta.batch.spec.JobSpecParser;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.ManualClock;
import io.meseta.hdfs.locality.Split;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.LocalityLevel;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferRoundTest {
  /** Four blocks, each on h1 and on one other host: h1 alone could take every one of them. */
  private static JobEngine engine() throws Exception {
    List<Split> splits = new ArrayList<>();
    String[] others = {"h2", "h3", "h2", "h3"};
    for (int i = 0; i < 4; i++) {
      splits.add(new Split(URI.create("hdfs://nn/f"), i * 10L, 10, List.of("h1", others[i]), List.of("/r1")));
    }
    return JobEngine.start(JobPlanner.plan("j-1", JobSpecParser.parse("""
        name: j
        stages: [{name: s, forEach: {input: /f}, task: {command: x, resources: {cpus: 1, mem: 10}}}]
        """, Format.YAML), (stage, input) -> splits), new ManualClock());
  }

  private static Offer offer(String id, String host, String resources) {
    return new Offer(id, "F1", "agent-" + host, host, ResourceCodec.toWire(Resources.parse(resources)), List.of())
        .setRack("/r1").setLocality(LocalityLevel.NODE_LOCAL);
  }

  private static List<String> ids(List<TaskInfo> tasks) {
    return tasks.stream().map(TaskInfo::getTaskId).toList();
  }

  /** h1 takes block 0, h2 block 2 (its first local one left), h3 block 1, then h1 block 3. */
  @Test
  void offersTakeTurnsSoEveryHostGetsItsLocalTasks() throws Exception {
    JobEngine e = engine();
    List<OfferRound.Decision> d = OfferRound.place(List.of(offer("o1", "h1", "cpus:4;mem:100"),
        offer("o2", "h2", "cpus:4;mem:100"), offer("o3", "h3", "cpus:4;mem:100")), List.of(e));
    assertEquals(List.of("j-1.s.00000.a1", "j-1.s.00003.a1"), ids(d.get(0).tasks()));
    assertEquals(List.of("j-1.s.00002.a1"), ids(d.get(1).tasks()));
    assertEquals(List.of("j-1.s.00001.a1"), ids(d.get(2).tasks()));
    e.records().forEach(r -> assertEquals(TaskPhase.LAUNCHED, r.phase()));
    e.records().forEach(r -> assertEquals(io.meseta.batch.plan.PlannedTask.Placement.NODE_LOCAL,
        r.placement().orElseThrow()));
  }

  @Test
  void anOfferWithNoRoomOrNoLocalTaskIsLeftEmpty() throws Exception {
    JobEngine e = engine();
    List<OfferRound.Decision> d = OfferRound.place(List.of(offer("o1", "h9", "cpus:4;mem:100"),
        offer("o2", "h1", "cpus:0.5;mem:100")), List.of(e));
    assertEquals(List.of(), d.get(0).tasks());
    assertEquals(List.of(), d.get(1).tasks());
    assertEquals(4, e.launchable().size());
  }
}
