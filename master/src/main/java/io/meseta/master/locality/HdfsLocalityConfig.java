package io.meseta.master.locality;

import io.meseta.hdfs.locality.HostNameMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the master turns HDFS locations into wishes for agents.
 *
 * @param hadoopConfDir the Hadoop client configuration for resolving paths (empty: {@code HADOOP_CONF_DIR},
 *                      else Hadoop's defaults; full {@code hdfs://namenode:port/...} URIs need none)
 * @param hostNames     how a data node's host name is matched to an agent's: the full name, the
 *                      short name, or a shared IP address
 */
public record HdfsLocalityConfig(Optional<Path> hadoopConfDir, HostNameMode hostNames) {
  public static final HdfsLocalityConfig DEFAULT = new HdfsLocalityConfig(Optional.empty(), HostNameMode.FQDN);

  public HdfsLocalityConfig {
    Objects.requireNonNull(hadoopConfDir, "hadoop_conf_dir");
    Objects.requireNonNull(hostNames, "locality_host_names");
  }
}
