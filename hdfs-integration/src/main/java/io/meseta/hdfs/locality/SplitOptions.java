package io.meseta.hdfs.locality;

/**
 * How {@link SplitResolver} expands its inputs.
 *
 * @param recursive descend into subdirectories of a directory input (otherwise only its files)
 * @param wholeFiles one split per file even for splittable files (otherwise one per block, except
 *     for files compressed with a codec that cannot be split, such as gzip)
 * @param includeHidden include files under a directory input whose name, or the name of a
 *     directory between it and the input, starts with {@code _} or {@code .} (markers such as
 *     {@code _SUCCESS}, checksums); a file named explicitly is always included
 */
public record SplitOptions(boolean recursive, boolean wholeFiles, boolean includeHidden) {
  /** Not recursive, one split per block, hidden files skipped: what Hadoop's input formats do. */
  public static SplitOptions defaults() {
    return new SplitOptions(false, false, false);
  }

  public SplitOptions withRecursive(boolean value) {
    return new SplitOptions(value, wholeFiles, includeHidden);
  }

  public SplitOptions withWholeFiles(boolean value) {
    return new SplitOptions(recursive, value, includeHidden);
  }

  public SplitOptions withIncludeHidden(boolean value) {
    return new SplitOptions(recursive, wholeFiles, value);
  }
}
