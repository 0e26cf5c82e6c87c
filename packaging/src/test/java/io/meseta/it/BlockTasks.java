package io.meseta.it;

import io.meseta.client.FrameworkClient;
import io.meseta.client.Scheduler;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.locality.Split;
import io.meseta.protocol.codec.ResourceCodec;
import io.meseta.protocol.thrift.CommandInfo;
import io.meseta.protocol.thrift.Filters;
import io.meseta.protocol.thrift.LocalityLevel;
import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskInfo;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A data framework: one short task per block of an HDFS file. With {@link Mode#LOCALITY} it states
 * its wishes as the file's path (the master resolves it to block hosts) when it registers, and puts
 * on each offer the blocks held on the offer's host; blocks held elsewhere only when the offer says
 * RACK_LOCAL (blocks in its rack) or ANY (any block), i.e. once the master's delay scheduling has
 * given up on a better place. With {@link Mode#BLIND} it states nothing and puts the next blocks in
 * file order on whatever offer comes, as a framework that ignores locality does.
 */
final class BlockTasks implements Scheduler {
  enum Mode { LOCALITY, BLIND }

  /** Where one task ran: the agent's host and the hosts holding its block. */
  record Placement(String host, List<String> blockHosts) {
    boolean nodeLocal() {
      return blockHosts.contains(host);
    }
  }

  final TaskTimes times = new TaskTimes();
  private final String prefix;
  private final List<Split> splits;
  private final Mode mode;
  private final String hdfsPath;
  private final String shell;
  private final Resources perTask;
  private final LinkedList<Integer> pending = new LinkedList<>();
  private final Map<String, Placement> placements = new TreeMap<>();
  private volatile String localityError;
  private boolean suppressed;

  BlockTasks(String prefix, String hdfsPath, List<Split> splits, Mode mode, String shell, Resources perTask) {
    this.prefix = prefix;
    this.hdfsPath = hdfsPath;
    this.splits = List.copyOf(splits);
    this.mode = mode;
    this.shell = shell;
    this.perTask = perTask;
    for (int i = 0; i < splits.size(); i++) {
      pending.add(i);
    }
  }

  /** States the wishes before the first offer is handled (callbacks run one at a time). */
  @Override
  public void registered(FrameworkClient client, String frameworkId, String masterId) {
    if (mode == Mode.LOCALITY) {
      try {
        client.setLocality(Map.of(), Map.of(), List.of(hdfsPath), Optional.empty(), Optional.empty());
      } catch (RuntimeException e) {
        localityError = e.toString();
      }
    }
  }

  @Override
  public synchronized void resourceOffers(FrameworkClient client, List<Offer> offers) {
    for (Offer offer : offers) {
      int room = fits(ResourceCodec.fromWire(offer.getResources()));
      List<Integer> chosen = mode == Mode.BLIND ? take(room, i -> true) : chooseLocal(offer, room);
      if (chosen.isEmpty()) {
        client.decline(List.of(offer.getOfferId()), new Filters().setRefuseSeconds(pending.isEmpty() ? 60 : 1));
        continue;
      }
      List<TaskInfo> tasks = new ArrayList<>();
      for (int i : chosen) {
        String id = prefix + "-" + i;
        tasks.add(new TaskInfo(id, id, offer.getAgentId(), ResourceCodec.toWire(perTask),
            new CommandInfo().setShell(shell)));
        placements.put(id, new Placement(offer.getHostname(), splits.get(i).hosts()));
        times.launched(id);
      }
      client.accept(List.of(offer.getOfferId()), tasks, new Filters().setRefuseSeconds(0));
    }
    if (pending.isEmpty() && !suppressed) {
      suppressed = true;
      client.suppress();
    }
  }

  private List<Integer> chooseLocal(Offer offer, int room) {
    LocalityLevel level = offer.isSetLocality() ? offer.getLocality() : LocalityLevel.ANY;
    List<Integer> out = take(room, i -> splits.get(i).hosts().contains(offer.getHostname()));
    if (level != LocalityLevel.NODE_LOCAL && out.size() < room) {
      out.addAll(take(room - out.size(), i -> splits.get(i).racks().contains(offer.getRack())));
    }
    if (level == LocalityLevel.ANY && out.size() < room) {
      out.addAll(take(room - out.size(), i -> true));
    }
    return out;
  }

  private List<Integer> take(int max, Predicate<Integer> accept) {
    List<Integer> out = new ArrayList<>();
    for (Iterator<Integer> it = pending.iterator(); it.hasNext() && out.size() < max; ) {
      int i = it.next();
      if (accept.test(i)) {
        out.add(i);
        it.remove();
      }
    }
    return out;
  }

  private int fits(Resources free) {
    int n = 0;
    while (free.contains(perTask)) {
      free = free.minus(perTask);
      n++;
    }
    return n;
  }

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    times.update(status);
  }

  boolean done() {
    return times.ended() == splits.size();
  }

  synchronized List<Placement> placements() {
    return List.copyOf(placements.values());
  }

  /** The share of tasks that ran on a host holding their block. */
  synchronized double nodeLocalShare() {
    return placements.values().stream().filter(Placement::nodeLocal).count() / (double) splits.size();
  }

  String localityError() {
    return localityError;
  }
}
