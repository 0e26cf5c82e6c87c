package io.meseta.master.locality;

import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.locality.HostMapper;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolutionException;
import io.meseta.hdfs.locality.SplitResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns HDFS paths into locality wishes (one task per split, wished on every host and rack that
 * holds it), and data node host names into agent host names. Talks to the name node and may
 * resolve names, so it runs on an RPC thread, never on the master's loop. The Hadoop configuration
 * is read on first use.
 */
public final class PathLocality implements AutoCloseable {
  /** Task counts per host and per rack. */
  public record Wishes(Map<String, Integer> hosts, Map<String, Integer> racks) {}

  private final HdfsLocalityConfig config;
  private SplitResolver resolver;
  private HadoopFileSystems fileSystems;

  public PathLocality(HdfsLocalityConfig config) {
    this.config = config;
  }

  /**
   * @throws SplitResolutionException naming a path that does not exist or a name node that cannot be reached
   * @throws HadoopConfigException    if the Hadoop configuration directory is unusable
   */
  public synchronized Wishes resolve(List<String> paths) throws SplitResolutionException, HadoopConfigException {
    if (resolver == null) {
      fileSystems = new HadoopFileSystems(HadoopConf.load(config.hadoopConfDir()));
      resolver = new SplitResolver(fileSystems);
    }
    Map<String, Integer> hosts = new TreeMap<>();
    Map<String, Integer> racks = new TreeMap<>();
    for (Split split : resolver.resolve(paths, SplitOptions.defaults())) {
      split.hosts().forEach(h -> hosts.merge(h, 1, Integer::sum));
      split.racks().forEach(r -> racks.merge(r, 1, Integer::sum));
    }
    return new Wishes(hosts, racks);
  }

  /**
   * The wished hosts under the names of the agents they match (by the configured
   * {@link io.meseta.hdfs.locality.HostNameMode}); a host that matches no agent keeps its name, and
   * counts for hosts that meet on one agent add up.
   */
  public Map<String, Integer> toAgentNames(Map<String, Integer> hosts, Set<String> agentHosts) {
    HostMapper mapper = new HostMapper(config.hostNames(), agentHosts);
    Map<String, Integer> out = new TreeMap<>();
    hosts.forEach((host, n) -> out.merge(mapper.agentFor(host).orElse(host), n, Integer::sum));
    return out;
  }

  @Override
  public synchronized void close() {
    if (fileSystems != null) {
      fileSystems.close();
    }
  }
}
