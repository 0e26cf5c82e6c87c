package io.meseta.master;

import io.meseta.master.durable.InMemoryRegistryStore;
import io.meseta.master.durable.RegistryChange;
import io.meseta.master.durable.RegistryContents;
import io.meseta.master.durable.RegistryException;
import io.meseta.master.durable.RegistryStore;
import java.util.concurrent.atomic.AtomicBoolean;

/** A registry (shared by every term's store) whose disk can be made to fail, like a full disk. */
final class SwitchableStore implements RegistryStore {
  final InMemoryRegistryStore shared;
  final AtomicBoolean failing;

  SwitchableStore(InMemoryRegistryStore shared, AtomicBoolean failing) {
    this.shared = shared;
    this.failing = failing;
  }

  @Override
  public RegistryContents load() throws RegistryException {
    if (failing.get()) {
      throw new RegistryException("cannot read the test registry: the disk is failing");
    }
    return shared.load();
  }

  @Override
  public void apply(RegistryChange change) throws RegistryException {
    if (failing.get()) {
      throw new RegistryException("cannot write the test registry: the disk is failing");
    }
    shared.apply(change);
  }

  @Override
  public String describe() {
    return "the test registry";
  }

  @Override
  public void close() {}
}
