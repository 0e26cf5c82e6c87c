package io.meseta.core.allocation;

import io.meseta.core.resources.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Orders clients (roles, or the frameworks of one role) by weighted dominant share: a client's
 * dominant share of the total (scalar resources only, as in Mesos) divided by its weight. Ties
 * are broken by the client's natural order, so the order is fully deterministic.
 *
 * <p>The order is kept incrementally in a sorted array: a client whose allocation changes is found
 * by binary search, taken out and put back at its new place (two binary searches and two array
 * shifts, no allocation). When the total changes every share changes, and the array is re-sorted
 * the next time the order is read. Not thread-safe.
 *
 * @param <K> the client key (a role name, or the allocator's state of a framework)
 */
public final class DrfSorter<K extends Comparable<K>> {
  private final ResourceKinds kinds;
  private final Quantities total;
  private final Map<K, Client<K>> clients = new HashMap<>();
  /** The clients in order, in {@code order[0..count)}; only meaningful while not stale. */
  @SuppressWarnings("unchecked")
  private Client<K>[] order = new Client[8];
  private int count;
  private boolean stale;

  /** A sorter with its own total, set with {@link #setTotal}. */
  public DrfSorter() {
    this(new ResourceKinds(), null);
  }

  /** A sorter that reads a total owned by the allocator; call {@link #totalChanged} when it moves. */
  DrfSorter(ResourceKinds kinds, Quantities sharedTotal) {
    this.kinds = kinds;
    this.total = sharedTotal != null ? sharedTotal : new Quantities(kinds);
  }

  /** Replaces the total that shares are computed against. */
  public void setTotal(Resources newTotal) {
    total.clear();
    total.add(newTotal);
    stale = true;
  }

  /**
   * Adds a client with nothing allocated.
   *
   * @throws IllegalArgumentException if the client is already known or the weight is not positive
   */
  public void add(K client, double weight) {
    Objects.requireNonNull(client, "client");
    if (clients.containsKey(client)) {
      throw new IllegalArgumentException("client '" + client + "' is already in the sorter");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight of client '" + client + "' must be a positive number, got "
          + weight);
    }
    Client<K> c = new Client<>(client, weight, new Quantities(kinds));
    clients.put(client, c);
    if (count == order.length) {
      order = Arrays.copyOf(order, count * 2);
    }
    if (stale) {
      order[count++] = c;
    } else {
      insert(c);
    }
  }

  /** Removes a client; returns false if it was not there. */
  public boolean remove(K client) {
    Client<K> c = clients.remove(client);
    if (c == null) {
      return false;
    }
    if (stale) {
      refresh();
    }
    take(c);
    return true;
  }

  public boolean contains(K client) {
    return clients.containsKey(client);
  }

  public int size() {
    return clients.size();
  }

  /** Adds {@code resources} to what the client holds. */
  public void allocated(K client, Resources resources) {
    allocated(client, Quantities.of(kinds, resources));
  }

  /**
   * Takes {@code resources} from what the client holds.
   *
   * @throws IllegalArgumentException if the client holds less than that
   */
  public void unallocated(K client, Resources resources) {
    Quantities q = Quantities.of(kinds, resources);
    if (!get(client).allocation.contains(q)) {
      throw new IllegalArgumentException("client '" + client + "' holds less than " + resources);
    }
    unallocated(client, q);
  }

  /** The client's dominant share divided by its weight. */
  public double share(K client) {
    Client<K> c = get(client);
    return c.allocation.dominantShare(total) / c.weight;
  }

  /** The clients, lowest weighted share first. */
  public List<K> sorted() {
    refresh();
    List<K> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(order[i].key);
    }
    return out;
  }

  void allocated(K client, Quantities q) {
    Client<K> c = get(client);
    update(c, q, true);
  }

  void unallocated(K client, Quantities q) {
    Client<K> c = get(client);
    update(c, q, false);
  }

  /** The shared total moved: every share is recomputed when the order is next read. */
  void totalChanged() {
    stale = true;
  }

  /** The client at {@code index} in the order (0 is served first). */
  K at(int index) {
    refresh();
    return order[index].key;
  }

  private void update(Client<K> c, Quantities q, boolean add) {
    if (!stale) {
      take(c);
    }
    if (add) {
      c.allocation.add(q);
    } else {
      c.allocation.subtract(q);
    }
    if (!stale) {
      c.share = c.allocation.dominantShare(total) / c.weight;
      insert(c);
    }
  }

  /** Removes {@code c}, found by binary search on its current share, from the order. */
  private void take(Client<K> c) {
    int i = search(c);
    System.arraycopy(order, i + 1, order, i, count - i - 1);
    order[--count] = null;
  }

  /** Inserts {@code c} at its place by its current share. */
  private void insert(Client<K> c) {
    int i = -search(c) - 1;
    System.arraycopy(order, i, order, i + 1, count - i);
    order[i] = c;
    count++;
  }

  /** Like {@link Arrays#binarySearch}: the index of {@code c}, or -(insertion point) - 1. */
  private int search(Client<K> c) {
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = compare(order[mid], c);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  private void refresh() {
    if (!stale) {
      return;
    }
    for (int i = 0; i < count; i++) {
      Client<K> c = order[i];
      c.share = c.allocation.dominantShare(total) / c.weight;
    }
    Arrays.sort(order, 0, count, DrfSorter::compare);
    stale = false;
  }

  private Client<K> get(K client) {
    Client<K> c = clients.get(client);
    if (c == null) {
      throw new IllegalArgumentException("client '" + client + "' is not in the sorter");
    }
    return c;
  }

  private static <K extends Comparable<K>> int compare(Client<K> a, Client<K> b) {
    int byShare = Double.compare(a.share, b.share);
    return byShare != 0 ? byShare : a.key.compareTo(b.key);
  }

  /** One client: its weight, what it holds, and its share as of its last placement in the order. */
  private static final class Client<K> {
    final K key;
    final double weight;
    final Quantities allocation;
    double share;

    Client(K key, double weight, Quantities allocation) {
      this.key = key;
      this.weight = weight;
      this.allocation = allocation;
    }
  }
}
