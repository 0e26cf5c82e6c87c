package io.meseta.client;

import io.meseta.protocol.thrift.Offer;
import io.meseta.protocol.thrift.TaskStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * A scheduler that writes each callback as one line ("offers o1,o2", "update t1 RUNNING", ...)
 * and the thread it ran on, and can run a test's action on offers and updates.
 */
final class RecordingScheduler implements Scheduler {
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<FrameworkClient, List<Offer>> onOffers = (c, o) -> {};
  private volatile BiConsumer<FrameworkClient, TaskStatus> onUpdate = (c, s) -> {};

  void onOffers(BiConsumer<FrameworkClient, List<Offer>> action) {
    this.onOffers = action;
  }

  void onUpdate(BiConsumer<FrameworkClient, TaskStatus> action) {
    this.onUpdate = action;
  }

  boolean saw(String line) {
    return log.contains(line);
  }

  private void record(String line) {
    threads.add(Thread.currentThread().getName());
    log.add(line);
  }

  @Override
  public void registered(FrameworkClient client, String frameworkId, String masterId) {
    record("registered " + frameworkId + " " + masterId);
  }

  @Override
  public void reregistered(FrameworkClient client, String masterId) {
    record("reregistered " + masterId);
  }

  @Override
  public void resourceOffers(FrameworkClient client, List<Offer> offers) {
    record("offers " + offers.stream().map(Offer::getOfferId).collect(Collectors.joining(",")));
    onOffers.accept(client, offers);
  }

  @Override
  public void offerRescinded(FrameworkClient client, String offerId) {
    record("rescind " + offerId);
  }

  @Override
  public void statusUpdate(FrameworkClient client, TaskStatus status) {
    record("update " + status.getTaskId() + " " + status.getState());
    onUpdate.accept(client, status);
  }

  @Override
  public void agentLost(FrameworkClient client, String agentId) {
    record("agent lost " + agentId);
  }

  @Override
  public void error(FrameworkClient client, String message) {
    record("error " + message);
  }

  @Override
  public void disconnected(FrameworkClient client) {
    record("disconnected");
  }
}
