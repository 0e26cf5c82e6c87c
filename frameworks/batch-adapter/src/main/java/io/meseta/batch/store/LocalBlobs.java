package io.meseta.batch.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Blobs as files under a directory; each written to a temporary file, synced, then renamed over the old one. */
final class LocalBlobs implements Blobs {
  private final Path root;

  LocalBlobs(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new JobStoreException("cannot create the job store directory " + this.root + ": " + e, e);
    }
  }

  @Override
  public void put(String name, byte[] data) {
    Path file = root.resolve(name);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(data));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new JobStoreException("cannot write " + file + ": " + e, e);
    }
  }

  @Override
  public Optional<byte[]> get(String name) {
    Path file = root.resolve(name);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new JobStoreException("cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public List<String> children(String name) {
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")).sorted().toList();
    } catch (IOException e) {
      throw new JobStoreException("cannot list " + dir + ": " + e, e);
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {}
}
