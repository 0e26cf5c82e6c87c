package io.meseta.slave.fetcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Downloads URIs of some schemes to a local file. One implementation per family of schemes
 * (file, http/https; HDFS plugs in later) is registered with the {@link Fetcher}.
 */
public interface UriFetcher {
  /** The lower-case schemes this fetcher handles, e.g. {@code http} and {@code https}. */
  Set<String> schemes();

  /**
   * Writes the content of {@code uri} to {@code target}, replacing it.
   *
   * @throws FetchException with a message that says what went wrong
   */
  void fetch(URI uri, Path target) throws FetchException;
}
