package io.meseta.batch.spec;

import java.util.List;
import java.util.Objects;

/**
 * The input of a {@code forEach} stage: files, directories or globs on a Hadoop file system,
 * cut into one task per block or per file.
 */
public record ForEachSpec(List<String> inputs, SplitMode mode, boolean recursive) {
  public ForEachSpec {
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(mode, "mode");
  }
}
