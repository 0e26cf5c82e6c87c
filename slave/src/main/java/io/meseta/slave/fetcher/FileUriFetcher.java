package io.meseta.slave.fetcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/** Copies {@code file://} URIs (the {@link Fetcher} turns bare absolute paths into these). */
public final class FileUriFetcher implements UriFetcher {
  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public void fetch(URI uri, Path target) throws FetchException {
    Path source;
    try {
      source = Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new FetchException("not a local file URI: " + e.getMessage(), e);
    }
    if (Files.isDirectory(source)) {
      throw new FetchException(source + " is a directory, not a file");
    }
    try {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      throw new FetchException("no such file " + source, e);
    } catch (IOException e) {
      throw new FetchException("cannot copy " + source + ": " + e, e);
    }
  }
}
