package io.meseta.master.durable;

/**
 * Where a master keeps what a new or restarted master needs to be correct (see
 * {@link RegistryContents}). A store is used by one leadership term: {@link #load} once when the
 * term begins, then {@link #apply} for every batch, then {@link #close}. Not thread-safe: the
 * master's event loop is its only user.
 */
public interface RegistryStore extends AutoCloseable {

  /**
   * Reads the whole registry. A store that holds nothing yet gives {@link RegistryContents#EMPTY}.
   *
   * @throws RegistryException naming the store when it cannot be read or is corrupt
   */
  RegistryContents load() throws RegistryException;

  /**
   * Makes {@code change} durable before returning. Implementations apply a batch atomically
   * where the backend allows; after a failure the store must not be used again.
   *
   * @throws RegistryException naming the store when the change could not be made durable, or
   *                           (ZooKeeper) another master has written the registry since this one loaded it
   */
  void apply(RegistryChange change) throws RegistryException;

  /** Where the registry lives, for messages: a file or a ZooKeeper path. */
  String describe();

  @Override
  void close();
}
