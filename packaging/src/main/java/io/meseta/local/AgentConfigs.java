package io.meseta.local;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.slave.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Agent settings for agents that share one machine with their master. */
public final class AgentConfigs {
  private AgentConfigs() {}

  /**
   * An agent on loopback: any free port, status updates retried after 1 s (nothing is far away),
   * and tasks killed when the agent stops.
   */
  public static AgentConfig local(MasterAddress master, String hostname, Path workDir, Optional<Resources> resources) {
    AgentConfig.Builder b = AgentConfig.builder(master, workDir)
        .bindHost("127.0.0.1")
        .port(0)
        .hostname(hostname)
        .statusUpdateRetry(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .registrationBackoffMax(Duration.ofSeconds(1))
        .killTasksOnClose(true);
    resources.ifPresent(b::resources);
    return b.build();
  }
}
