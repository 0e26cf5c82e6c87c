package io.meseta.slave.files;

import java.util.Arrays;

/**
 * A piece of a sandbox file.
 *
 * @param data   the bytes read
 * @param offset where in the file they start
 * @param size   the file's size when it was read
 */
public record FileChunk(byte[] data, long offset, long size) {
  public FileChunk {
    data = data.clone();
    if (offset < 0 || size < 0 || offset + data.length > size) {
      throw new IllegalArgumentException("a chunk of " + data.length + " bytes at " + offset
          + " does not fit a file of " + size + " bytes");
    }
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Whether the chunk reaches the end of the file as it was when read. */
  public boolean eof() {
    return offset + data.length >= size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileChunk c && offset == c.offset && size == c.size && Arrays.equals(data, c.data);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FileChunk[" + data.length + " bytes at " + offset + " of " + size + "]";
  }
}
