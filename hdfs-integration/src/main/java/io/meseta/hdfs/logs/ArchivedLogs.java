package io.meseta.hdfs.logs;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LogArchiver#archive} did.
 *
 * @param directory the task's directory in the archive
 * @param archived the streams copied there
 * @param missing the streams the sandbox did not have (a task that never started)
 */
public record ArchivedLogs(URI directory, List<LogStream> archived, List<LogStream> missing) {
  public ArchivedLogs {
    Objects.requireNonNull(directory, "directory");
    archived = List.copyOf(archived);
    missing = List.copyOf(missing);
  }
}
