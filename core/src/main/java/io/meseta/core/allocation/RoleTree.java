package io.meseta.core.allocation;

import java.util.HashMap;
import java.util.Map;

/**
 * The two-level fairness order of hierarchical DRF: roles by weighted dominant share, then the
 * frameworks of each role by their dominant share. A role's allocation is the sum of its
 * frameworks' allocations; a role with no frameworks left is dropped. Walk the order with
 * {@link #roleCount} and {@link #frameworksOfRoleAt}, without changing anything meanwhile.
 */
final class RoleTree {
  private final AllocatorConfig config;
  private final ResourceKinds kinds;
  private final Quantities total;
  private final DrfSorter<String> roles;
  private final Map<String, DrfSorter<FrameworkState>> frameworksByRole = new HashMap<>();

  RoleTree(AllocatorConfig config, ResourceKinds kinds, Quantities total) {
    this.config = config;
    this.kinds = kinds;
    this.total = total;
    this.roles = new DrfSorter<>(kinds, total);
  }

  /** Adds a framework (with its role set) that already holds {@code held}. */
  void add(FrameworkState framework, Quantities held) {
    String role = framework.role;
    DrfSorter<FrameworkState> sorter = frameworksByRole.get(role);
    if (sorter == null) {
      sorter = new DrfSorter<>(kinds, total);
      frameworksByRole.put(role, sorter);
      roles.add(role, config.weight(role));
    }
    sorter.add(framework, 1.0);
    sorter.allocated(framework, held);
    roles.allocated(role, held);
  }

  /** Removes a framework that holds {@code held}. */
  void remove(FrameworkState framework, Quantities held) {
    String role = framework.role;
    DrfSorter<FrameworkState> sorter = frameworksByRole.get(role);
    sorter.remove(framework);
    if (sorter.size() == 0) {
      frameworksByRole.remove(role);
      roles.remove(role);
    } else {
      roles.unallocated(role, held);
    }
  }

  void allocated(FrameworkState framework, Quantities q) {
    frameworksByRole.get(framework.role).allocated(framework, q);
    roles.allocated(framework.role, q);
  }

  void unallocated(FrameworkState framework, Quantities q) {
    frameworksByRole.get(framework.role).unallocated(framework, q);
    roles.unallocated(framework.role, q);
  }

  /** The cluster total moved: every share must be recomputed. */
  void totalChanged() {
    roles.totalChanged();
    frameworksByRole.values().forEach(DrfSorter::totalChanged);
  }

  /** How many roles have frameworks. */
  int roleCount() {
    return roles.size();
  }

  /** The frameworks of the role at {@code index} in the role order (0 is served first). */
  DrfSorter<FrameworkState> frameworksOfRoleAt(int index) {
    return frameworksByRole.get(roles.at(index));
  }

  /** The role's weighted dominant share (0 for a role with no frameworks). */
  double roleShare(String role) {
    return roles.contains(role) ? roles.share(role) : 0.0;
  }
}
