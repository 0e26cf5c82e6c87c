package io.meseta.batch.plan;

import io.meseta.batch.spec.ForEachSpec;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.hdfs.locality.Split;
import java.util.List;

/** Where a forEach stage's splits come from: HDFS at submit time, or the store when a job is recovered. */
public interface SplitSource {
  /**
   * The splits of {@code stage}'s input, sorted by path and offset.
   *
   * @throws JobSpecException naming an input that does not exist or cannot be read
   */
  List<Split> splits(String stage, ForEachSpec input) throws JobSpecException;
}
