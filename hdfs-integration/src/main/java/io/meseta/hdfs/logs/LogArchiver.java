package io.meseta.hdfs.logs;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a finished task's {@code stdout} and {@code stderr} to a Hadoop file system under
 * {@code archiveRoot/frameworkId/taskId/}, and reads them back for {@code meseta logs}.
 *
 * <p>Ids may contain {@code :}, which HDFS does not allow in names; it is stored as {@code _}
 * (which ids cannot contain, so the mapping is one to one). Each file is written under a temporary
 * name and renamed, so a reader never sees half a log. Thread-safe.
 */
public final class LogArchiver {
  private static final Logger LOG = LoggerFactory.getLogger(LogArchiver.class);

  private final HadoopFileSystems fileSystems;

  public LogArchiver(HadoopFileSystems fileSystems) {
    this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
  }

  /**
   * Copies the task's output files from {@code sandbox} to the archive, replacing earlier copies.
   *
   * @param archiveRoot an absolute path or URI of a directory ({@code hdfs:///meseta/logs})
   * @throws IllegalArgumentException if an id is not a valid Meseta id
   * @throws LogArchiveException naming the task and the location if the copy fails
   */
  public ArchivedLogs archive(Path sandbox, String frameworkId, String taskId, URI archiveRoot)
      throws LogArchiveException {
    URI dir = taskDirectory(archiveRoot, frameworkId, taskId);
    FileSystem fs = fileSystem(dir, taskId);
    List<LogStream> archived = new ArrayList<>();
    List<LogStream> missing = new ArrayList<>();
    try {
      fs.mkdirs(HadoopFileSystems.path(dir));
      for (LogStream stream : LogStream.values()) {
        Path local = sandbox.resolve(stream.fileName());
        if (!Files.isRegularFile(local)) {
          missing.add(stream);
          continue;
        }
        org.apache.hadoop.fs.Path dest = new org.apache.hadoop.fs.Path(HadoopFileSystems.path(dir), stream.fileName());
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(HadoopFileSystems.path(dir),
            "." + stream.fileName() + ".copying");
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), temp);
        fs.delete(dest, false);
        if (!fs.rename(temp, dest)) {
          throw new IOException("cannot rename " + temp + " to " + dest);
        }
        archived.add(stream);
      }
    } catch (IOException e) {
      throw new LogArchiveException(Failure.of(e), "cannot archive the output of task " + taskId + " to " + dir
          + ": " + HdfsAccessException.describe(e), e);
    }
    LOG.info("Archived {} of task {} to {}{}", archived, taskId, dir, missing.isEmpty() ? "" : " (missing " + missing + ")");
    return new ArchivedLogs(dir, archived, missing);
  }

  /**
   * Opens an archived output file, positioned at {@code offset} (0 for all of it).
   *
   * @throws LogArchiveException NOT_FOUND naming the task and the file if it was not archived
   */
  public InputStream open(URI archiveRoot, String frameworkId, String taskId, LogStream stream, long offset)
      throws LogArchiveException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    URI file = fileUri(archiveRoot, frameworkId, taskId, stream);
    FileSystem fs = fileSystem(file, taskId);
    FSDataInputStream in = null;
    try {
      in = fs.open(HadoopFileSystems.path(file));
      if (offset > 0) {
        in.seek(Math.min(offset, fs.getFileStatus(HadoopFileSystems.path(file)).getLen()));
      }
      return in;
    } catch (FileNotFoundException e) {
      closeQuietly(in);
      throw new LogArchiveException(Failure.NOT_FOUND, "no archived " + stream.fileName() + " of task " + taskId
          + " (framework " + frameworkId + ") at " + file, e);
    } catch (IOException e) {
      closeQuietly(in);
      throw new LogArchiveException(Failure.of(e), "cannot read the archived " + stream.fileName() + " of task "
          + taskId + " at " + file + ": " + HdfsAccessException.describe(e), e);
    }
  }

  /** {@link #open(URI, String, String, LogStream, long)} from the start. */
  public InputStream open(URI archiveRoot, String frameworkId, String taskId, LogStream stream)
      throws LogArchiveException {
    return open(archiveRoot, frameworkId, taskId, stream, 0);
  }

  /** The length of an archived output file, if it was archived. */
  public Optional<Long> length(URI archiveRoot, String frameworkId, String taskId, LogStream stream)
      throws LogArchiveException {
    URI file = fileUri(archiveRoot, frameworkId, taskId, stream);
    FileSystem fs = fileSystem(file, taskId);
    try {
      return Optional.of(fs.getFileStatus(HadoopFileSystems.path(file)).getLen());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LogArchiveException(Failure.of(e), "cannot look up " + file + ": " + HdfsAccessException.describe(e), e);
    }
  }

  /**
   * The frameworks under which {@code taskId} has archived output, in name order (for
   * {@code meseta logs TASK_ID} once the master has forgotten the task). Empty if there are none.
   */
  public List<String> frameworksOf(URI archiveRoot, String taskId) throws LogArchiveException {
    URI root = qualify(archiveRoot, taskId);
    FileSystem fs = fileSystem(root, taskId);
    String taskDir = encode(TaskId.of(taskId).value());
    List<String> out = new ArrayList<>();
    try {
      FileStatus[] matches = fs.globStatus(new org.apache.hadoop.fs.Path(HadoopFileSystems.path(root), "*/" + taskDir));
      if (matches != null) {
        for (FileStatus m : matches) {
          out.add(decode(m.getPath().getParent().getName()));
        }
      }
    } catch (IOException e) {
      throw new LogArchiveException(Failure.of(e), "cannot search " + root + " for task " + taskId + ": "
          + HdfsAccessException.describe(e), e);
    }
    out.sort(null);
    return out;
  }

  /** Where {@code archive} puts a task's files: {@code archiveRoot/frameworkId/taskId}, qualified. */
  public URI taskDirectory(URI archiveRoot, String frameworkId, String taskId) throws LogArchiveException {
    String f = encode(FrameworkId.of(frameworkId).value());
    String t = encode(TaskId.of(taskId).value());
    URI root = qualify(archiveRoot, taskId);
    String base = root.getPath().endsWith("/") ? root.getPath() : root.getPath() + "/";
    return withPath(root, base + f + "/" + t);
  }

  private URI fileUri(URI archiveRoot, String frameworkId, String taskId, LogStream stream)
      throws LogArchiveException {
    URI dir = taskDirectory(archiveRoot, frameworkId, taskId);
    return withPath(dir, dir.getPath() + "/" + stream.fileName());
  }

  private static URI withPath(URI uri, String path) {
    try {
      return new URI(uri.getScheme(), uri.getAuthority(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot build a URI from " + uri + " and " + path, e);
    }
  }

  private URI qualify(URI archiveRoot, String taskId) throws LogArchiveException {
    try {
      return fileSystems.qualify(archiveRoot);
    } catch (HdfsAccessException e) {
      throw new LogArchiveException(e.failure(), "log archive root for task " + taskId + ": " + e.getMessage(), e);
    }
  }

  private FileSystem fileSystem(URI uri, String taskId) throws LogArchiveException {
    try {
      return fileSystems.forUri(uri);
    } catch (HdfsAccessException e) {
      throw new LogArchiveException(e.failure(), "log archive of task " + taskId + ": " + e.getMessage(), e);
    }
  }

  private static String encode(String id) {
    return id.replace(':', '_');
  }

  private static String decode(String name) {
    return name.replace('_', ':');
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("closing {} failed: {}", in, e.toString());
      }
    }
  }
}
