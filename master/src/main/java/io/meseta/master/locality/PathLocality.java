package io.meseta.master.locality;

import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolutionException;
import io.meseta.hdfs.locality.SplitResolver;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns HDFS paths into locality wishes: one task per split, wished on every host and rack that
 * holds it. Talks to the name node, so it runs on an RPC thread, never on the master's loop. The
 * Hadoop configuration is read on first use (HADOOP_CONF_DIR, else Hadoop's defaults; full
 * {@code hdfs://namenode:port/...} URIs need none).
 */
public final class PathLocality implements AutoCloseable {
  /** Task counts per host and per rack. */
  public record Wishes(Map<String, Integer> hosts, Map<String, Integer> racks) {}

  private SplitResolver resolver;
  private HadoopFileSystems fileSystems;

  /**
   * @throws SplitResolutionException naming a path that does not exist or a name node that cannot be reached
   * @throws HadoopConfigException    if HADOOP_CONF_DIR names an unusable directory
   */
  public synchronized Wishes resolve(List<String> paths) throws SplitResolutionException, HadoopConfigException {
    if (resolver == null) {
      fileSystems = new HadoopFileSystems(HadoopConf.load(java.util.Optional.empty()));
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

  @Override
  public synchronized void close() {
    if (fileSystems != null) {
      fileSystems.close();
    }
  }
}
