package io.meseta.core.offers;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.OfferId;
import io.meseta.core.resources.Resources;
import io.meseta.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outstanding offers, indexed by id, agent and framework. Ids are {@code prefix-O} followed by
 * a zero-padded counter, so they are deterministic and sort in creation order. An offer expires
 * once it is {@code offerTimeout} old. Not thread-safe: it is owned by the master's event loop.
 */
public final class OfferBook {
  private static final String ID_FORMAT = "%s-O%012d";

  private final Clock clock;
  private final Optional<Duration> offerTimeout;
  private final String idPrefix;
  private final TreeMap<OfferId, Offer> offers = new TreeMap<>();
  private final Map<AgentId, TreeMap<OfferId, Offer>> byAgent = new HashMap<>();
  private final Map<FrameworkId, TreeMap<OfferId, Offer>> byFramework = new HashMap<>();
  private long counter;

  /**
   * @throws IllegalArgumentException if the timeout is not positive or the prefix cannot start an offer id
   */
  public OfferBook(Clock clock, Optional<Duration> offerTimeout, String idPrefix) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.offerTimeout = Objects.requireNonNull(offerTimeout, "offerTimeout");
    offerTimeout.ifPresent(t -> {
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("offer timeout must be positive, got " + t);
      }
    });
    Objects.requireNonNull(idPrefix, "idPrefix");
    OfferId.of(String.format(ID_FORMAT, idPrefix, 0L));
    this.idPrefix = idPrefix;
  }

  /**
   * Records a new offer made now.
   *
   * @throws IllegalArgumentException if {@code resources} is empty
   */
  public Offer create(FrameworkId framework, AgentId agent, Resources resources) {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(resources, "resources");
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("cannot offer nothing on agent " + agent + " to framework " + framework);
    }
    counter++;
    Offer o = new Offer(OfferId.of(String.format(ID_FORMAT, idPrefix, counter)), framework, agent, resources,
        clock.millis());
    offers.put(o.id(), o);
    byAgent.computeIfAbsent(agent, a -> new TreeMap<>()).put(o.id(), o);
    byFramework.computeIfAbsent(framework, f -> new TreeMap<>()).put(o.id(), o);
    return o;
  }

  public Optional<Offer> get(OfferId id) {
    return Optional.ofNullable(offers.get(id));
  }

  /** Removes the offer (accepted, declined, rescinded or expired) and returns it if it was there. */
  public Optional<Offer> remove(OfferId id) {
    Offer o = offers.remove(id);
    if (o == null) {
      return Optional.empty();
    }
    unindex(byAgent, o.agentId(), id);
    unindex(byFramework, o.frameworkId(), id);
    return Optional.of(o);
  }

  private static <K> void unindex(Map<K, TreeMap<OfferId, Offer>> index, K key, OfferId id) {
    TreeMap<OfferId, Offer> m = index.get(key);
    m.remove(id);
    if (m.isEmpty()) {
      index.remove(key);
    }
  }

  /** The agent's outstanding offers, sorted by id. */
  public List<Offer> forAgent(AgentId agent) {
    TreeMap<OfferId, Offer> m = byAgent.get(agent);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** The framework's outstanding offers, sorted by id. */
  public List<Offer> forFramework(FrameworkId framework) {
    TreeMap<OfferId, Offer> m = byFramework.get(framework);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** Every outstanding offer, sorted by id. */
  public List<Offer> all() {
    return List.copyOf(offers.values());
  }

  public int size() {
    return offers.size();
  }

  /** Offers at least the timeout old, sorted by id; empty when there is no timeout. Nothing is removed. */
  public List<Offer> expired() {
    if (offerTimeout.isEmpty()) {
      return List.of();
    }
    long timeout = offerTimeout.get().toMillis();
    long now = clock.millis();
    List<Offer> out = new ArrayList<>();
    for (Offer o : offers.values()) {
      if (now - o.createdMillis() >= timeout) {
        out.add(o);
      }
    }
    return out;
  }

  /** The sum of what the agent's outstanding offers hold. */
  public Resources offeredOn(AgentId agent) {
    Resources sum = Resources.EMPTY;
    for (Offer o : forAgent(agent)) {
      sum = sum.plus(o.resources());
    }
    return sum;
  }
}
