package io.meseta.hdfs.locality;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A piece of input one task can process: {@code length} bytes of the file {@code path} from
 * {@code offset}, with the datanode hosts and racks that hold it, best first.
 *
 * <p>For a block, hosts and racks are in name order (every replica holds all of it). For a whole
 * file of several blocks, they are ordered by how many of its bytes they hold, most first, then by
 * name. A zero-length file is one split with no hosts.
 */
public record Split(URI path, long offset, long length, List<String> hosts, List<String> racks)
    implements Comparable<Split> {
  public Split {
    Objects.requireNonNull(path, "path");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("split of " + path + " has a negative offset or length: "
          + offset + "+" + length);
    }
    hosts = List.copyOf(hosts);
    racks = List.copyOf(racks);
  }

  @Override
  public int compareTo(Split other) {
    int c = path.toString().compareTo(other.path.toString());
    return c != 0 ? c : Long.compare(offset, other.offset);
  }
}
