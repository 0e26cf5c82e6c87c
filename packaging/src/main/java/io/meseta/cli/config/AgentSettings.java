package io.meseta.cli.config;

import io.meseta.core.resources.Resources;
import io.meseta.discovery.MasterAddress;
import io.meseta.slave.AgentConfig;
import io.meseta.slave.isolation.IsolationConfig;
import io.meseta.slave.isolation.IsolatorSet;
import io.meseta.slave.users.TaskUserPolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Builds an {@link AgentConfig} from {@code conf/agent.properties} keys (and flags of the same names). */
public final class AgentSettings {
  public static final Set<String> KEYS = Set.of("master", "port", "bind_host", "hostname", "resources",
      "attributes", "work_dir", "kill_grace_period", "status_update_retry", "status_update_retry_max", "isolation",
      "cgroup_root", "cgroup_parent", "pids_limit", "task_user", "limit_poll_interval", "disk_poll_interval",
      "hadoop_conf_dir", "http_port", "log_archive_dir");

  private AgentSettings() {}

  private static Path absolutePath(String text) {
    Path p = Path.of(text);
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException("not absolute");
    }
    return p;
  }

  public static AgentConfig toConfig(Settings s) throws ConfigException {
    MasterAddress master = s.parse("master", MasterAddress.parse("localhost:5050"), MasterAddress::parse,
        "HOST:PORT or zk://HOST:PORT[,HOST:PORT...]/PATH");
    Path workDir = Path.of(s.string("work_dir", "/tmp/meseta/agent"));
    AgentConfig.Builder b = AgentConfig.builder(master, workDir)
        .port(s.integer("port", AgentConfig.DEFAULT_PORT))
        .httpPort(s.integer("http_port", AgentConfig.DEFAULT_HTTP_PORT))
        .bindHost(s.string("bind_host", "0.0.0.0"))
        .hostname(s.string("hostname", Hosts.localName()))
        .attributes(s.parse("attributes", Map.of(), Settings::pairs, "name:value pairs, e.g. rack:r1;zone:a"))
        .killGracePeriod(s.duration("kill_grace_period", java.time.Duration.ofSeconds(3)))
        .statusUpdateRetry(s.duration("status_update_retry", java.time.Duration.ofSeconds(10)),
            s.duration("status_update_retry_max", java.time.Duration.ofMinutes(10)));
    if (s.string("isolation").isPresent()) {
      b.isolation(s.parse("isolation", null, list -> String.join(",", IsolatorSet.parseNames(list)),
          "a comma-separated list of " + String.join(", ", IsolatorSet.KNOWN)));
    }
    b.cgroupRoot(s.parse("cgroup_root", IsolationConfig.DEFAULT_CGROUP_ROOT, AgentSettings::absolutePath,
            "an absolute path such as /sys/fs/cgroup"))
        .pidsLimit(s.integer("pids_limit", IsolationConfig.DEFAULT_PIDS_LIMIT))
        .taskUser(s.string("task_user", TaskUserPolicy.DEFAULT_TASK_USER))
        .limitPollInterval(s.duration("limit_poll_interval", AgentConfig.DEFAULT_LIMIT_POLL_INTERVAL))
        .diskPollInterval(s.duration("disk_poll_interval", AgentConfig.DEFAULT_DISK_POLL_INTERVAL));
    s.string("cgroup_parent").ifPresent(b::cgroupParent);
    if (s.string("hadoop_conf_dir").isPresent()) {
      b.hadoopConfDir(s.parse("hadoop_conf_dir", null, AgentSettings::absolutePath,
          "an absolute path to a directory holding core-site.xml"));
    }
    if (s.string("log_archive_dir").isPresent()) {
      b.logArchiveDir(s.parse("log_archive_dir", null, AgentConfig::parseArchiveDir,
          "a directory URI with an absolute path, such as hdfs://namenode:8020/meseta/logs"));
    }
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
