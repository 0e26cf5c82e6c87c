package io.meseta.slave.isolation;

import io.meseta.core.resources.Resources;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What an isolator needs to know about one container.
 *
 * @param containerId the container's id, unique on the agent (the containerizer's
 *                    {@code ContainerSpec.id()}, such as {@code framework/task})
 * @param sandbox     the container's absolute working directory
 * @param resources   its limits: {@code cpus}, {@code mem} (MB) and {@code disk} (MB); an absent
 *                    amount means no limit of that kind
 * @param user        the OS user the command will run as, if any
 */
public record IsolationRequest(String containerId, Path sandbox, Resources resources, Optional<String> user) {

  public IsolationRequest {
    if (containerId == null || containerId.isBlank()) {
      throw new IllegalArgumentException("containerId must not be empty");
    }
    Objects.requireNonNull(sandbox, "sandbox");
    if (!sandbox.isAbsolute()) {
      throw new IllegalArgumentException("sandbox of container " + containerId + " must be absolute: " + sandbox);
    }
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(user, "user");
  }

  public static IsolationRequest of(String containerId, Path sandbox, Resources resources) {
    return new IsolationRequest(containerId, sandbox, resources, Optional.empty());
  }

  /** The memory limit in bytes, 0 when the container has no {@code mem}. */
  long memoryBytes() {
    return Units.mbToBytes(resources.mem());
  }

  /** The disk quota in bytes, 0 when the container has no {@code disk}. */
  long diskBytes() {
    return Units.mbToBytes(resources.disk());
  }
}
