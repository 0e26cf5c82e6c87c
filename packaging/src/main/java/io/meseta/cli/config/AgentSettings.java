package io.meseta.cli.config;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.slave.AgentConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Builds an {@link AgentConfig} from {@code conf/agent.properties} keys (and flags of the same names). */
public final class AgentSettings {
  public static final Set<String> KEYS = Set.of("master", "port", "bind_host", "hostname", "resources",
      "attributes", "work_dir", "kill_grace_period", "status_update_retry", "status_update_retry_max");

  private AgentSettings() {}

  public static AgentConfig toConfig(Settings s) throws ConfigException {
    MasterAddress master = s.parse("master", MasterAddress.parse("localhost:5050"), MasterAddress::parse,
        "HOST:PORT or zk://HOST:PORT[,HOST:PORT...]/PATH");
    Path workDir = Path.of(s.string("work_dir", "/tmp/meseta/agent"));
    AgentConfig.Builder b = AgentConfig.builder(master, workDir)
        .port(s.integer("port", AgentConfig.DEFAULT_PORT))
        .bindHost(s.string("bind_host", "0.0.0.0"))
        .hostname(s.string("hostname", Hosts.localName()))
        .attributes(s.parse("attributes", Map.of(), Settings::pairs, "name:value pairs, e.g. rack:r1;zone:a"))
        .killGracePeriod(s.duration("kill_grace_period", java.time.Duration.ofSeconds(3)))
        .statusUpdateRetry(s.duration("status_update_retry", java.time.Duration.ofSeconds(10)),
            s.duration("status_update_retry_max", java.time.Duration.ofMinutes(10)));
    if (s.string("resources").isPresent()) {
      b.resources(s.parse("resources", null, Resources::parse,
          "resources such as cpus:4;mem:8192;disk:20000;ports:[31000-32000]"));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid agent configuration: " + e.getMessage());
    }
  }
}
