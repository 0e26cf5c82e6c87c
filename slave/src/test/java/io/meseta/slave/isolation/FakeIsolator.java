package io.meseta.slave.isolation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An isolator that records what it was asked and answers with what the test set. */
final class FakeIsolator implements Isolator {
  final String name;
  final List<String> calls = new ArrayList<>();
  final Map<String, LimitEvent> limits = new ConcurrentHashMap<>();
  IsolationPlan plan = IsolationPlan.EMPTY;
  boolean failPrepare;

  FakeIsolator(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized IsolationPlan prepare(IsolationRequest request) throws IsolationException {
    calls.add("prepare " + request.containerId());
    if (failPrepare) {
      throw new IsolationException(name + " cannot prepare " + request.containerId());
    }
    return plan;
  }

  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    return Optional.empty();
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    return Optional.ofNullable(limits.get(containerId));
  }

  @Override
  public synchronized void killAll(String containerId) {
    calls.add("killAll " + containerId);
  }

  @Override
  public synchronized Optional<LimitEvent> destroy(String containerId) {
    calls.add("destroy " + containerId);
    return Optional.ofNullable(limits.remove(containerId));
  }

  @Override
  public Set<String> recover(Collection<IsolationRequest> known) {
    return Set.of();
  }

  synchronized List<String> calls() {
    return new ArrayList<>(calls);
  }
}
