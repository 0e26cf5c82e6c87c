package io.meseta.batch.framework;

import io.meseta.batch.engine.Attempt;
import io.meseta.batch.engine.JobEngine;
import io.meseta.batch.plan.PlannedTask;
import io.meseta.core.allocation.AgentProfile;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places launchable tasks on one batch of offers, one task per offer per turn (jobs in order,
 * each offer taking its best placed task by {@link OfferPacker}), until no offer takes any more.
 * Taking turns spreads the tasks whose data several offered hosts hold over those hosts, instead of
 * letting the first offer take them all and leaving the others only non-local work. Records each
 * launch in its job's engine; no I/O.
 */
final class OfferRound {
  /** What to do with one offer: accept it with {@code tasks} (decline it if there are none). */
  record Decision(Offer offer, LocalityLevel level, List<TaskInfo> tasks, Map<Attempt, JobEngine> attempts) {}

  private OfferRound() {}

  static List<Decision> place(List<Offer> offers, List<JobEngine> engines) {
    Map<JobEngine, List<PlannedTask>> candidates = new LinkedHashMap<>();
    for (JobEngine e : engines) {
      candidates.put(e, new ArrayList<>(e.launchable()));
    }
    List<Slot> slots = new ArrayList<>();
    for (Offer o : offers) {
      slots.add(new Slot(o));
    }
    boolean placed = true;
    while (placed) {
      placed = false;
      for (Slot slot : slots) {
        placed |= slot.takeOne(candidates);
      }
    }
    return slots.stream().map(s -> new Decision(s.offer, s.level, s.tasks, s.attempts)).toList();
  }

  /** One offer being filled. */
  private static final class Slot {
    final Offer offer;
    final String rack;
    final LocalityLevel level;
    Resources free;
    final List<TaskInfo> tasks = new ArrayList<>();
    final Map<Attempt, JobEngine> attempts = new LinkedHashMap<>();

    Slot(Offer offer) {
      this.offer = offer;
      this.rack = offer.isSetRack() ? offer.getRack() : AgentProfile.DEFAULT_RACK;
      this.level = offer.isSetLocality() ? LocalityLevel.valueOf(offer.getLocality().name()) : LocalityLevel.ANY;
      this.free = ResourceCodec.fromWire(offer.getResources());
    }

    boolean takeOne(Map<JobEngine, List<PlannedTask>> candidates) {
      for (Map.Entry<JobEngine, List<PlannedTask>> e : candidates.entrySet()) {
        List<PlannedTask> best = OfferPacker.pack(e.getValue(), offer.getHostname(), rack, level, free);
        if (best.isEmpty()) {
          continue;
        }
        PlannedTask t = best.get(0);
        e.getValue().remove(t);
        free = free.minus(t.spec().resources().toResources());
        JobEngine engine = e.getKey();
        Attempt a = engine.launched(t.key(), offer.getHostname(), t.placementOn(offer.getHostname(), rack));
        attempts.put(a, engine);
        tasks.add(TaskCommands.taskInfo(engine.plan(), t, a, offer.getAgentId()));
        return true;
      }
      return false;
    }
  }
}
