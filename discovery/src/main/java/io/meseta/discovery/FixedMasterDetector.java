package io.meseta.discovery;

import io.meseta.protocol.transport.HostPort;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A master at one address: the leader is always that address, so listeners never hear a change. */
final class FixedMasterDetector implements MasterDetector {
  private final MasterAddress.Fixed address;

  FixedMasterDetector(MasterAddress.Fixed address) {
    this.address = Objects.requireNonNull(address, "address");
  }

  @Override
  public MasterAddress address() {
    return address;
  }

  @Override
  public void start() {}

  @Override
  public Optional<HostPort> leader() {
    return Optional.of(address.address());
  }

  @Override
  public HostPort awaitLeader(Duration timeout) {
    return address.address();
  }

  @Override
  public void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void removeListener(Listener listener) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "master at " + address;
  }
}
