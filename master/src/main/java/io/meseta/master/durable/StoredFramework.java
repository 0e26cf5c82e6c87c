package io.meseta.master.durable;

import io.meseta.core.ids.FrameworkId;
import io.meseta.master.registry.FrameworkDescriptor;
import java.util.Objects;

/** A registered framework as the registry keeps it: its id and what it said about itself. */
public record StoredFramework(FrameworkId id, FrameworkDescriptor descriptor) {
  public StoredFramework {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(descriptor, "descriptor");
  }
}
