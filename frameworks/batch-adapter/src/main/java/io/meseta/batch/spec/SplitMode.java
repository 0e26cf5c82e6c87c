package io.meseta.batch.spec;

import java.util.Locale;

/** How a {@code forEach} stage cuts its input into tasks. */
public enum SplitMode {
  /** {@code blocks}: one task per HDFS block (a whole file for one compressed with a codec that cannot split). */
  BLOCKS,
  /** {@code files}: one task per file. */
  FILES;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
