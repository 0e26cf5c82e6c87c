package io.meseta.batch.store;

import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.hdfs.locality.Split;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A submitted job as stored: the spec as the user wrote it, and the splits its forEach stages
 * resolved to at submit time (so a recovered job runs over the same splits, whatever the input
 * holds by then).
 */
public record StoredJob(String jobId, String specText, Format format, long submittedAt,
    Map<String, List<Split>> splits) {
  public StoredJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(specText, "specText");
    Objects.requireNonNull(format, "format");
    Map<String, List<Split>> copy = new LinkedHashMap<>();
    splits.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    splits = Collections.unmodifiableMap(copy);
  }
}
