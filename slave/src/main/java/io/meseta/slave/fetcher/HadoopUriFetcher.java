package io.meseta.slave.fetcher;

import io.meseta.hdfs.fetch.HadoopFetchException;
import io.meseta.hdfs.fetch.HadoopFetcher;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code hdfs://} and the other Hadoop file systems, through the agent-wide cache of
 * {@link HadoopFetcher}: a URI fetched before (same length and modification time) is copied from
 * the cache, and concurrent fetches of one URI download it once.
 */
final class HadoopUriFetcher implements UriFetcher {
  private final HadoopFetcher hadoop;

  HadoopUriFetcher(HadoopFetcher hadoop) {
    this.hadoop = hadoop;
  }

  @Override
  public Set<String> schemes() {
    return hadoop.schemes();
  }

  @Override
  public void fetch(URI uri, Path target) throws FetchException {
    try {
      hadoop.download(uri, target);
    } catch (HadoopFetchException e) {
      throw new FetchException(e.getMessage(), e);
    }
  }
}
