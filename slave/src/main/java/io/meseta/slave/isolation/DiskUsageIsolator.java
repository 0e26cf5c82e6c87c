package io.meseta.slave.isolation;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A disk quota checked by polling: {@link #limitReached} walks the container's sandbox (its private
 * {@code /tmp} included, with the filesystem isolator) and reports {@code DISK_LIMIT} once the
 * files in it exceed {@code disk} MB. Sizes are apparent sizes, hard links counted once. The walk
 * costs in proportion to the files in the sandbox, so poll it less often than memory.
 */
public final class DiskUsageIsolator implements Isolator {
  public static final String NAME = "disk/du";

  private record State(Path sandbox, long quotaBytes, AtomicReference<LimitEvent> reached) {}

  private final Map<String, State> containers = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IsolationPlan prepare(IsolationRequest request) {
    containers.put(request.containerId(), new State(request.sandbox(), request.diskBytes(), new AtomicReference<>()));
    return IsolationPlan.EMPTY;
  }

  /** Not measured here: a walk of the sandbox is too slow for every usage sample. */
  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    return Optional.empty();
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    State state = containers.get(containerId);
    if (state == null || state.quotaBytes() == 0) {
      return Optional.empty();
    }
    if (state.reached().get() != null) {
      return Optional.of(state.reached().get());
    }
    long used = size(state.sandbox());
    if (used <= state.quotaBytes()) {
      return Optional.empty();
    }
    state.reached().compareAndSet(null, new LimitEvent(LimitEvent.Kind.DISK, state.quotaBytes(), used,
        "disk quota exceeded: the sandbox of container " + containerId + " holds " + Units.mb(used)
            + ", over its quota of " + Units.mb(state.quotaBytes())));
    return Optional.of(state.reached().get());
  }

  /** The apparent size of the files under {@code dir}, without following links. */
  static long size(Path dir) {
    long[] total = {0};
    Set<Object> seen = new HashSet<>();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Object key = attrs.fileKey();
          if (attrs.isRegularFile() && (key == null || seen.add(key))) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // removed while walking, or unreadable
        }
      });
    } catch (IOException e) {
      // the sandbox is gone: nothing counted
    }
    return total[0];
  }

  /** Nothing to kill: the processes belong to the other isolators. */
  @Override
  public void killAll(String containerId) {}

  /** The quota event seen while the container ran, if any; the sandbox is not walked again. */
  @Override
  public Optional<LimitEvent> destroy(String containerId) {
    State state = containers.remove(containerId);
    return state == null ? Optional.empty() : Optional.ofNullable(state.reached().get());
  }

  @Override
  public Set<String> recover(Collection<IsolationRequest> known) {
    known.forEach(r -> containers.putIfAbsent(r.containerId(),
        new State(r.sandbox(), r.diskBytes(), new AtomicReference<>())));
    return Set.of();
  }
}
