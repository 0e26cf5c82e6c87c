package io.meseta.hdfs.locality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.BlockLocation;

/** Turns Hadoop's {@link BlockLocation}s into splits: host names, and racks from topology paths. */
final class BlockPlacement {
  private BlockPlacement() {}

  static Split block(URI path, BlockLocation b) {
    return new Split(path, b.getOffset(), b.getLength(), List.copyOf(new TreeSet<>(hosts(b))),
        List.copyOf(new TreeSet<>(racks(b))));
  }

  /** One split for a whole file: hosts and racks ranked by the bytes of the file they hold. */
  static Split wholeFile(URI path, long length, BlockLocation[] blocks) {
    Map<String, Long> hostBytes = new TreeMap<>();
    Map<String, Long> rackBytes = new TreeMap<>();
    for (BlockLocation b : blocks) {
      for (String h : new TreeSet<>(hosts(b))) {
        hostBytes.merge(h, b.getLength(), Long::sum);
      }
      for (String r : new TreeSet<>(racks(b))) {
        rackBytes.merge(r, b.getLength(), Long::sum);
      }
    }
    return new Split(path, 0, length, ranked(hostBytes), ranked(rackBytes));
  }

  /**
   * The rack of each replica: its topology path ({@code /rack/ip:port}) without the last component.
   * File systems without topology (the local one) report none.
   */
  static List<String> racks(BlockLocation b) {
    List<String> out = new ArrayList<>();
    try {
      for (String topologyPath : b.getTopologyPaths()) {
        int slash = topologyPath.lastIndexOf('/');
        if (slash > 0) {
          out.add(topologyPath.substring(0, slash));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // BlockLocation declares it but only returns its field
    }
    return out;
  }

  static List<String> hosts(BlockLocation b) {
    try {
      return List.of(b.getHosts());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // BlockLocation declares it but only returns its field
    }
  }

  private static List<String> ranked(Map<String, Long> bytes) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(bytes.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return entries.stream().map(Map.Entry::getKey).toList();
  }
}
