package io.meseta.hdfs.locality;

import io.meseta.hdfs.conf.HadoopConf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.net.DNSToSwitchMapping;
import org.apache.hadoop.net.NetworkTopology;
import org.apache.hadoop.net.ScriptBasedMapping;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack of a host, by Hadoop's own topology mapping, so that agents and datanodes agree:
 * {@code net.topology.node.switch.mapping.impl} picks the {@link DNSToSwitchMapping} (default
 * {@link ScriptBasedMapping}, which runs {@code net.topology.script.file.name}; or
 * {@code org.apache.hadoop.net.TableMapping}, which reads {@code net.topology.table.file.name}).
 * With nothing configured every host is on {@value #DEFAULT_RACK}.
 *
 * <p>An agent calls {@link #rackOf} with its own host name to report its rack. Thread-safe; the
 * mapping caches answers as Hadoop's mappings do.
 */
public final class RackResolver {
  private static final Logger LOG = LoggerFactory.getLogger(RackResolver.class);

  /** The rack of a host the topology does not place (Hadoop's {@code /default-rack}). */
  public static final String DEFAULT_RACK = NetworkTopology.DEFAULT_RACK;

  private final DNSToSwitchMapping mapping;

  private RackResolver(DNSToSwitchMapping mapping) {
    this.mapping = mapping;
  }

  /**
   * The resolver {@code conf} configures.
   *
   * @throws IllegalArgumentException naming the key if the mapping class cannot be loaded
   */
  public static RackResolver fromConf(HadoopConf conf) {
    Configuration c = conf.toConfiguration();
    String key = CommonConfigurationKeysPublic.NET_TOPOLOGY_NODE_SWITCH_MAPPING_IMPL_KEY;
    Class<? extends DNSToSwitchMapping> type;
    try {
      type = c.getClass(key, ScriptBasedMapping.class, DNSToSwitchMapping.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " = '" + c.get(key) + "' is not a usable topology mapping: "
          + e.getMessage(), e);
    }
    return new RackResolver(ReflectionUtils.newInstance(type, c));
  }

  /** The rack of {@code host}, or {@value #DEFAULT_RACK} if the mapping does not place it or fails. */
  public String rackOf(String host) {
    return racksOf(List.of(host)).get(host);
  }

  /** The rack of each host, in name order; see {@link #rackOf}. */
  public Map<String, String> racksOf(Collection<String> hosts) {
    Objects.requireNonNull(hosts, "hosts");
    List<String> names = new ArrayList<>(new TreeSet<>(hosts));
    Map<String, String> out = new TreeMap<>();
    List<String> racks;
    synchronized (mapping) {
      racks = mapping.resolve(names);
    }
    if (racks == null || racks.size() != names.size()) {
      LOG.warn("Topology mapping {} could not place {}; using {}", mapping, names, DEFAULT_RACK);
      racks = null;
    }
    for (int i = 0; i < names.size(); i++) {
      String rack = racks == null ? null : racks.get(i);
      out.put(names.get(i), rack == null || rack.isBlank() ? DEFAULT_RACK : rack);
    }
    return out;
  }

  @Override
  public String toString() {
    return "RackResolver[" + mapping + "]";
  }
}
