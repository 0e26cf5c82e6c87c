package io.meseta.cli;

import io.meseta.local.AgentHost;
import io.meseta.local.EmbeddedHdfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded HDFS of {@code meseta local --hdfs}: started under the cluster's work directory,
 * with its client configuration written there and to {@code $MESETA_HOME/conf/hadoop} (unless that
 * holds a configuration Meseta did not write), which the other commands read by default. Closing
 * stops it and removes what it wrote to {@code conf/hadoop}.
 */
final class LocalHdfs implements AutoCloseable {
  private static final String MARK = "written by Meseta for its embedded HDFS";

  private final EmbeddedHdfs hdfs;
  private final Path confDir;
  private final Optional<Path> shared;
  private final List<AgentHost> dataNodes;

  private LocalHdfs(EmbeddedHdfs hdfs, Path confDir, Optional<Path> shared, List<AgentHost> dataNodes) {
    this.hdfs = hdfs;
    this.confDir = confDir;
    this.shared = shared;
    this.dataNodes = dataNodes;
  }

  static LocalHdfs start(Path workDir, List<AgentHost> dataNodes) throws IOException {
    EmbeddedHdfs hdfs = EmbeddedHdfs.start(workDir.resolve("hdfs"), AgentHost.names(dataNodes),
        AgentHost.racks(dataNodes));
    try {
      hdfs.fs().mkdirs(new org.apache.hadoop.fs.Path("/data"));
      Path confDir = hdfs.writeConfDir(workDir.resolve("hadoop-conf"));
      Optional<Path> shared = ConfFiles.localHadoopConfDir().filter(LocalHdfs::ours);
      if (shared.isPresent()) {
        hdfs.writeConfDir(shared.get());
      }
      return new LocalHdfs(hdfs, confDir, shared, dataNodes);
    } catch (IOException | RuntimeException e) {
      hdfs.close();
      throw e;
    }
  }

  /** Whether {@code dir} is free for us: missing, empty, or holding what Meseta wrote before. */
  private static boolean ours(Path dir) {
    Path core = dir.resolve("core-site.xml");
    try {
      return !Files.exists(core) || Files.readString(core).contains(MARK);
    } catch (IOException e) {
      return false;
    }
  }

  Path confDir() {
    return confDir;
  }

  String describe() {
    return "HDFS at " + hdfs.uri() + ": " + dataNodes.size() + " data node(s) on " + AgentHost.names(dataNodes)
        + ", blocks of " + hdfs.blockSize() / (1024 * 1024) + " MiB; client configuration in "
        + shared.orElse(confDir) + " (try: bin/meseta hdfs -put FILE /data/)";
  }

  @Override
  public void close() {
    hdfs.close();
    shared.ifPresent(dir -> {
      try {
        Files.deleteIfExists(dir.resolve("core-site.xml"));
        Files.deleteIfExists(dir.resolve("hdfs-site.xml"));
        Files.deleteIfExists(dir);
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // someone else's files are there too: leave the directory
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
