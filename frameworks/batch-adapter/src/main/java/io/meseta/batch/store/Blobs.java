package io.meseta.batch.store;

import java.util.List;
import java.util.Optional;

/** The little a {@link JobStore} needs from its medium: named byte strings in a tree of slash-separated names. */
interface Blobs extends AutoCloseable {
  /** Writes {@code name} whole (creating its parents), durably, before returning. */
  void put(String name, byte[] data);

  Optional<byte[]> get(String name);

  /** The names of the children of {@code name}, sorted; empty if it has none or does not exist. */
  List<String> children(String name);

  /** Where the store is, for messages. */
  String describe();

  @Override
  void close();
}
