package io.meseta.core.allocation;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives each scalar resource name a dense index, so that amounts can be kept in arrays by
 * {@link Quantities}. Indices are handed out in the order names are first seen and never change.
 */
final class ResourceKinds {
  private final Map<String, Integer> index = new HashMap<>();

  /** The index of {@code name}, registering it when new. */
  int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      i = index.size();
      index.put(name, i);
    }
    return i;
  }

  int size() {
    return index.size();
  }
}
