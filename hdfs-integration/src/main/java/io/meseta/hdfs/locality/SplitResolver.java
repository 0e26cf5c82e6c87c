package io.meseta.hdfs.locality;

import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/**
 * Resolves paths, directories and globs on any Hadoop file system to {@link Split}s with the hosts
 * and racks that hold them, as the name node reports them (hosts are datanode host names: map them
 * to agents with {@link HostMapper}). Results are sorted by path and offset; a file matched by two
 * inputs appears once. Blocking: each call talks to the name node.
 */
public final class SplitResolver {
  private final HadoopFileSystems fileSystems;
  private final CompressionCodecFactory codecs;

  public SplitResolver(HadoopFileSystems fileSystems) {
    this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
    this.codecs = new CompressionCodecFactory(fileSystems.conf().toConfiguration());
  }

  /** {@link #resolve(Collection, SplitOptions)} for one input. */
  public List<Split> resolve(String input, SplitOptions options) throws SplitResolutionException {
    return resolve(List.of(input), options);
  }

  /**
   * The splits of every file the inputs name. An input is an absolute path or URI
   * ({@code /data/x}, {@code hdfs:///data/x}, {@code hdfs://nn:8020/data/x}); it may be a file, a
   * directory (its files; see {@link SplitOptions#recursive()}) or a glob ({@code /logs/2025-*}).
   *
   * @throws SplitResolutionException NOT_FOUND naming the input if it does not exist or a glob
   *     matches nothing; UNREACHABLE naming the file system if its name node cannot be reached
   *     (after the bounded retries of {@code ipc.client.connect.*}); INVALID for a bad input
   */
  public List<Split> resolve(Collection<String> inputs, SplitOptions options) throws SplitResolutionException {
    Objects.requireNonNull(options, "options");
    Map<String, LocatedFileStatus> files = new TreeMap<>();
    for (String input : inputs) {
      URI qualified = qualify(input);
      FileSystem fs = fileSystem(qualified);
      for (LocatedFileStatus f : filesOf(fs, qualified, options)) {
        files.putIfAbsent(f.getPath().toUri().toString(), f);
      }
    }
    List<Split> out = new ArrayList<>();
    for (Map.Entry<String, LocatedFileStatus> e : files.entrySet()) {
      out.addAll(splitsOf(e.getValue(), options));
    }
    out.sort(Comparator.naturalOrder());
    return List.copyOf(out);
  }

  private URI qualify(String input) throws SplitResolutionException {
    try {
      return fileSystems.qualify(input);
    } catch (HdfsAccessException e) {
      throw new SplitResolutionException(e.failure(), e.getMessage(), e);
    }
  }

  private FileSystem fileSystem(URI qualified) throws SplitResolutionException {
    try {
      return fileSystems.forUri(qualified);
    } catch (HdfsAccessException e) {
      throw new SplitResolutionException(e.failure(), e.getMessage(), e);
    }
  }

  private List<LocatedFileStatus> filesOf(FileSystem fs, URI input, SplitOptions options)
      throws SplitResolutionException {
    Path pattern = HadoopFileSystems.path(input);
    List<LocatedFileStatus> out = new ArrayList<>();
    try {
      FileStatus[] matches = fs.globStatus(pattern);
      if (matches == null) {
        throw new SplitResolutionException(Failure.NOT_FOUND, "no such file or directory: " + input);
      }
      if (matches.length == 0) {
        throw new SplitResolutionException(Failure.NOT_FOUND, "no file or directory matches " + input);
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          addDirectory(fs, match.getPath(), options, out);
        } else {
          BlockLocation[] blocks = fs.getFileBlockLocations(match, 0, match.getLen());
          out.add(new LocatedFileStatus(match, blocks));
        }
      }
    } catch (IOException e) {
      throw failure(fs, input, e);
    }
    return out;
  }

  private static void addDirectory(FileSystem fs, Path dir, SplitOptions options, List<LocatedFileStatus> out)
      throws IOException {
    int depth = dir.depth();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, options.recursive());
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      if (options.includeHidden() || !hiddenBelow(f.getPath(), depth)) {
        out.add(f);
      }
    }
  }

  /** Whether a component of {@code file} below depth {@code rootDepth} starts with '_' or '.'. */
  private static boolean hiddenBelow(Path file, int rootDepth) {
    for (Path p = file; p != null && p.depth() > rootDepth; p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private List<Split> splitsOf(LocatedFileStatus file, SplitOptions options) {
    URI path = file.getPath().toUri();
    BlockLocation[] blocks = file.getBlockLocations() == null ? new BlockLocation[0] : file.getBlockLocations();
    if (file.getLen() == 0 || blocks.length == 0) {
      return List.of(new Split(path, 0, file.getLen(), List.of(), List.of()));
    }
    if (options.wholeFiles() || !splittable(file.getPath())) {
      return List.of(BlockPlacement.wholeFile(path, file.getLen(), blocks));
    }
    List<Split> out = new ArrayList<>(blocks.length);
    for (BlockLocation b : blocks) {
      out.add(BlockPlacement.block(path, b));
    }
    return out;
  }

  private boolean splittable(Path file) {
    CompressionCodec codec = codecs.getCodec(file);
    return codec == null || codec instanceof SplittableCompressionCodec;
  }

  private static SplitResolutionException failure(FileSystem fs, URI input, IOException e) {
    Failure failure = Failure.of(e);
    String message = switch (failure) {
      case NOT_FOUND -> "no such file or directory: " + input + " (" + HdfsAccessException.describe(e) + ")";
      case UNREACHABLE -> "cannot reach the file system " + fs.getUri() + " to resolve " + input
          + " (gave up after ipc.client.connect.max.retries="
          + fs.getConf().get("ipc.client.connect.max.retries") + " retries): " + HdfsAccessException.describe(e);
      default -> "cannot resolve " + input + ": " + HdfsAccessException.describe(e);
    };
    return new SplitResolutionException(failure, message, e);
  }
}
