package io.meseta.hdfs.locality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import io.meseta.hdfs.testing.MiniHdfs;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MiniHdfs.Extension.class)
class SplitResolverIT {
  private static MiniHdfs hdfs;
  private static HadoopFileSystems fileSystems;
  private static SplitResolver resolver;
  private static Path dir;

  @BeforeAll
  static void setUp(MiniHdfs cluster) {
    hdfs = cluster;
    fileSystems = new HadoopFileSystems(cluster.conf());
    resolver = new SplitResolver(fileSystems);
    dir = cluster.dir("splits");
  }

  @AfterAll
  static void tearDown() {
    fileSystems.close();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void multiBlockFileWithReplicationTwoHasOneSplitPerBlockWithItsHostsAndRacks() throws Exception {
    int length = 3 * MiniHdfs.BLOCK_SIZE + MiniHdfs.BLOCK_SIZE / 2;
    URI file = hdfs.write(new Path(dir, "big.dat"), bytes(length), 2);

    List<Split> splits = resolver.resolve(file.getPath(), SplitOptions.defaults());

    FileStatus status = hdfs.fs().getFileStatus(new Path(file));
    BlockLocation[] blocks = hdfs.fs().getFileBlockLocations(status, 0, length);
    assertEquals(4, blocks.length);
    List<Split> expected = new ArrayList<>();
    for (BlockLocation b : blocks) {
      List<String> hosts = List.copyOf(new TreeSet<>(Arrays.asList(b.getHosts())));
      List<String> racks = hosts.stream().map(MiniHdfs.RACK_OF::get).sorted().toList();
      expected.add(new Split(file, b.getOffset(), b.getLength(), hosts, racks));
    }
    assertEquals(expected, splits);
    for (Split s : splits) {
      assertEquals(2, s.hosts().size(), "replication 2: " + s);
      assertTrue(MiniHdfs.HOSTS.containsAll(s.hosts()), s.toString());
      assertEquals(2, s.racks().size(), "one replica per rack: " + s);
    }
    assertEquals(List.of(0L, 1L << 20, 2L << 20, 3L << 20), splits.stream().map(Split::offset).toList());
    assertEquals(length, splits.stream().mapToLong(Split::length).sum());
  }

  @Test
  void theSameFileAsAFullUriAndAsASchemeOnlyUriGivesTheSameSplits() throws Exception {
    URI file = hdfs.write(new Path(dir, "uris.dat"), bytes(1000));
    List<Split> byPath = resolver.resolve(file.getPath(), SplitOptions.defaults());
    assertEquals(byPath, resolver.resolve(file.toString(), SplitOptions.defaults()));
    assertEquals(byPath, resolver.resolve("hdfs://" + file.getPath(), SplitOptions.defaults()));
    assertEquals(1, byPath.size());
    assertEquals(file, byPath.get(0).path());
  }

  @Test
  void directoryGivesItsFilesSkippingHiddenOnesAndRecursesOnlyWhenAsked() throws Exception {
    Path d = new Path(dir, "tree");
    hdfs.write(new Path(d, "a.txt"), bytes(10));
    hdfs.write(new Path(d, "b.txt"), bytes(20));
    hdfs.write(new Path(d, "_SUCCESS"), new byte[0]);
    hdfs.write(new Path(d, ".a.txt.crc"), bytes(4));
    hdfs.write(new Path(d, "sub/c.txt"), bytes(30));
    hdfs.write(new Path(d, "_tmp/d.txt"), bytes(40));

    assertEquals(List.of("a.txt", "b.txt"), names(d, resolver.resolve(d.toString(), SplitOptions.defaults())));
    assertEquals(List.of("a.txt", "b.txt", "sub/c.txt"),
        names(d, resolver.resolve(d.toString(), SplitOptions.defaults().withRecursive(true))));
    assertEquals(List.of(".a.txt.crc", "_SUCCESS", "_tmp/d.txt", "a.txt", "b.txt", "sub/c.txt"),
        names(d, resolver.resolve(d.toString(), SplitOptions.defaults().withRecursive(true).withIncludeHidden(true))));
    assertEquals(List.of("_SUCCESS"), names(d, resolver.resolve(d + "/_SUCCESS", SplitOptions.defaults())),
        "a file named explicitly is included even if hidden");
  }

  @Test
  void globsMatchFilesAndDirectoriesAndDuplicatesAppearOnce() throws Exception {
    Path d = new Path(dir, "glob");
    hdfs.write(new Path(d, "2025-01/part-0"), bytes(10));
    hdfs.write(new Path(d, "2025-02/part-0"), bytes(10));
    hdfs.write(new Path(d, "2024-12/part-0"), bytes(10));
    hdfs.write(new Path(d, "x-1.log"), bytes(10));
    hdfs.write(new Path(d, "x-2.log"), bytes(10));

    assertEquals(List.of("2025-01/part-0", "2025-02/part-0"),
        names(d, resolver.resolve(d + "/2025-*", SplitOptions.defaults())));
    assertEquals(List.of("x-1.log", "x-2.log"), names(d, resolver.resolve(d + "/x-{1,2}.log", SplitOptions.defaults())));
    assertEquals(List.of("2024-12/part-0", "2025-01/part-0", "x-1.log"),
        names(d, resolver.resolve(List.of(d + "/202[45]-{12,01}/part-0", d + "/x-1.log", d + "/2024-12"),
            SplitOptions.defaults())));
  }

  @Test
  void gzipFilesAndTheWholeFilesOptionGiveOneSplitPerFileRankedByBytesHeld() throws Exception {
    Path gz = new Path(dir, "data.gz");
    try (OutputStream out = new GZIPOutputStream(hdfs.fs().create(gz, true, 4096, (short) 2, MiniHdfs.BLOCK_SIZE))) {
      byte[] noise = new byte[3 * MiniHdfs.BLOCK_SIZE];
      new java.util.Random(7).nextBytes(noise); // incompressible: the .gz spans several blocks
      out.write(noise);
    }
    List<Split> gzSplits = resolver.resolve(gz.toString(), SplitOptions.defaults());
    assertEquals(1, gzSplits.size());
    Split whole = gzSplits.get(0);
    assertEquals(0, whole.offset());
    assertEquals(hdfs.fs().getFileStatus(gz).getLen(), whole.length());
    assertTrue(whole.length() > MiniHdfs.BLOCK_SIZE, "several blocks");
    assertTrue(whole.hosts().size() >= 2 && MiniHdfs.HOSTS.containsAll(whole.hosts()), whole.toString());

    URI big = hdfs.write(new Path(dir, "whole.dat"), bytes(2 * MiniHdfs.BLOCK_SIZE + 1));
    List<Split> wholeSplits = resolver.resolve(big.getPath(), SplitOptions.defaults().withWholeFiles(true));
    assertEquals(1, wholeSplits.size());
    assertEquals(2L * MiniHdfs.BLOCK_SIZE + 1, wholeSplits.get(0).length());
  }

  @Test
  void emptyFileIsOneSplitWithoutHosts() throws Exception {
    URI empty = hdfs.write(new Path(dir, "empty"), new byte[0]);
    assertEquals(List.of(new Split(empty, 0, 0, List.of(), List.of())),
        resolver.resolve(empty.getPath(), SplitOptions.defaults()));
  }

  @Test
  void missingPathFailsNamingIt() {
    SplitResolutionException e = assertThrows(SplitResolutionException.class,
        () -> resolver.resolve(dir + "/no/such/file", SplitOptions.defaults()));
    assertEquals(Failure.NOT_FOUND, e.failure());
    assertTrue(e.getMessage().contains(dir + "/no/such/file"), e.getMessage());

    SplitResolutionException glob = assertThrows(SplitResolutionException.class,
        () -> resolver.resolve(dir + "/nothing-*", SplitOptions.defaults()));
    assertEquals(Failure.NOT_FOUND, glob.failure());
    assertTrue(glob.getMessage().contains(dir + "/nothing-*"), glob.getMessage());
  }

  @Test
  void relativePathIsRejectedWithAClearMessage() {
    SplitResolutionException e = assertThrows(SplitResolutionException.class,
        () -> resolver.resolve("data/x", SplitOptions.defaults()));
    assertEquals(Failure.INVALID, e.failure());
    assertTrue(e.getMessage().contains("relative"), e.getMessage());
  }

  @Test
  void splitHostsMapToAgentsByShortNameAndReportHostsWithoutAgent() throws Exception {
    URI file = hdfs.write(new Path(dir, "mapped.dat"), bytes(2 * MiniHdfs.BLOCK_SIZE), 2);
    HostMapper mapper = new HostMapper(HostNameMode.SHORT_NAME, Set.of("host1", "host2"));
    for (Split s : resolver.resolve(file.getPath(), SplitOptions.defaults())) {
      for (HostMatch m : mapper.matchAll(s.hosts())) {
        if (m.datanodeHost().equals("host3.example")) {
          assertTrue(m.agentHost().isEmpty());
          assertTrue(m.explanation().contains("host3"), m.explanation());
        } else {
          assertEquals(m.datanodeHost().substring(0, 5), m.agentHost().orElseThrow());
        }
      }
    }
  }

  /** The split paths relative to {@code base}. */
  private static List<String> names(Path base, List<Split> splits) {
    String prefix = hdfs.fs().makeQualified(base).toUri().getPath() + "/";
    return splits.stream().map(s -> s.path().getPath().substring(prefix.length())).toList();
  }
}
