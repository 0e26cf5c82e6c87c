package io.meseta.cli.config;

import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.core.resources.Resources;
import io.meseta.hdfs.locality.HostNameMode;
import io.meseta.master.MasterConfig;
import io.meseta.master.locality.HdfsLocalityConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Builds a {@link MasterConfig} from {@code conf/master.properties} keys (and flags of the same names). */
public final class MasterSettings {
  public static final Set<String> KEYS = Set.of("port", "bind_host", "hostname", "work_dir", "allocation_interval",
      "agent_ping_interval", "max_missed_pings", "framework_timeout", "offer_timeout", "default_refuse",
      "role_weights", "min_allocatable", "zk", "agent_reregister_timeout", "zk_session_timeout", "http_port",
      "hadoop_conf_dir", "locality_host_names");

  private MasterSettings() {}

  public static MasterConfig toConfig(Settings s) throws ConfigException {
    MasterConfig d = MasterConfig.defaults(Path.of("/tmp/meseta/master"));
    int port = s.integer("port", MasterConfig.DEFAULT_PORT);
    try {
      MasterConfig c = new MasterConfig(
          s.string("bind_host", d.bindHost()),
          port,
          s.string("hostname", Hosts.localName()),
          Path.of(s.string("work_dir", d.workDir().toString())),
          s.duration("allocation_interval", d.allocationInterval()),
          s.duration("agent_ping_interval", d.agentPingInterval()),
          s.integer("max_missed_pings", d.maxMissedPings()),
          s.duration("framework_timeout", d.frameworkTimeout()),
          s.optionalDuration("offer_timeout"),
          s.duration("default_refuse", d.defaultRefuse()),
          new AllocatorConfig(
              s.parse("min_allocatable", d.allocator().minAllocatable(), MasterSettings::alternatives,
                  "resource bags separated by '|', e.g. cpus:0.01|mem:32"),
              s.parse("role_weights", Map.of(), MasterSettings::weights, "role=weight pairs, e.g. prod=2,dev=1")))
          .withAgentReregisterTimeout(s.duration("agent_reregister_timeout", d.agentReregisterTimeout()))
          .withZkSessionTimeout(s.duration("zk_session_timeout", d.zkSessionTimeout()))
          .withHttpPort(s.integer("http_port", MasterConfig.DEFAULT_HTTP_PORT))
          .withHdfsLocality(new HdfsLocalityConfig(
              s.string("hadoop_conf_dir").map(Path::of),
              s.parse("locality_host_names", HostNameMode.FQDN, v -> HostNameMode.parse("locality_host_names", v),
                  "fqdn, short or ip")));
      Optional<String> zk = s.string("zk");
      return zk.isPresent() ? c.withZk(zk.get()) : c;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid master configuration: " + e.getMessage());
    }
  }

  static List<Resources> alternatives(String text) {
    List<Resources> out = new ArrayList<>();
    for (String part : text.split("\\|")) {
      out.add(Resources.parse(part));
    }
    return out;
  }

  static Map<String, Double> weights(String text) {
    Map<String, Double> out = new TreeMap<>();
    Settings.pairs(text).forEach((role, w) -> out.put(role, Double.parseDouble(w)));
    return out;
  }
}
