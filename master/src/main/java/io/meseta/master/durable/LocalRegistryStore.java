package io.meseta.master.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of a master without ZooKeeper, in its work directory:
 *
 * <ul>
 *   <li>{@code registry.json}: a snapshot of the whole registry, replaced only by writing
 *       {@code registry.json.tmp}, syncing it and renaming it over the old one;</li>
 *   <li>{@code registry.log}: one JSON line per batch written since that snapshot, each synced
 *       before {@link #apply} returns. Lines carry a sequence number and the snapshot records the
 *       last one it includes, so a crash between the rename and the log's truncation replays nothing twice;</li>
 *   <li>{@code registry.lock}: held while a master uses the directory, so two masters never share it.</li>
 * </ul>
 *
 * <p>Loading reads the snapshot, replays the log and compacts (new snapshot, empty log). Missing
 * files mean an empty registry (a first start). A corrupt snapshot or log line fails the load with
 * a message naming the file; a torn last line (a crash mid-write, never acknowledged) is dropped.
 */
public final class LocalRegistryStore implements RegistryStore {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistryStore.class);
  public static final String SNAPSHOT = "registry.json";
  public static final String LOG_FILE = "registry.log";
  public static final String LOCK = "registry.lock";
  /** The log is folded into a new snapshot once it grows past this. */
  static final long COMPACT_BYTES = 8L << 20;

  private final Path dir;
  private final Path snapshot;
  private final Path logFile;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private RegistryImage image;
  private FileChannel log;
  private long sequence;
  private boolean broken;

  private LocalRegistryStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.snapshot = dir.resolve(SNAPSHOT);
    this.logFile = dir.resolve(LOG_FILE);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the registry in {@code dir}, creating the directory if needed, and locks it.
   *
   * @throws RegistryException if the directory cannot be created or another master uses it
   */
  public static LocalRegistryStore open(Path dir) throws RegistryException {
    Path lockFile = dir.resolve(LOCK);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new OverlappingFileLockException();
      }
      return new LocalRegistryStore(dir, channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new RegistryException("the registry in " + dir + " is in use by another master (" + lockFile
          + " is locked); give each master its own work_dir");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RegistryException("cannot open the registry in " + dir + ": " + e, e);
    }
  }

  @Override
  public RegistryContents load() throws RegistryException {
    RegistryContents base = RegistryContents.EMPTY;
    long last = 0;
    try {
      byte[] data = Files.readAllBytes(snapshot);
      RegistryJson.SnapshotJson json = RegistryJson.read(data, RegistryJson.SnapshotJson.class);
      base = RegistryJson.fromJson(json);
      last = json.lastSequence();
    } catch (NoSuchFileException e) {
      LOG.info("no registry snapshot at {}: starting from an empty registry", snapshot);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw corrupt(snapshot, e.getMessage(), e);
    } catch (IOException e) {
      throw new RegistryException("cannot read the registry file " + snapshot + ": " + e, e);
    }
    image = new RegistryImage(base);
    sequence = last;
    replayLog(last);
    compact();
    openLog();
    return image.contents();
  }

  private void replayLog(long snapshotSequence) throws RegistryException {
    byte[] data;
    try {
      data = Files.readAllBytes(logFile);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new RegistryException("cannot read the registry log " + logFile + ": " + e, e);
    }
    int start = 0;
    int line = 0;
    while (start < data.length) {
      int end = indexOf(data, (byte) '\n', start);
      line++;
      if (end < 0) {
        LOG.warn("dropping the torn last line {} of {} ({} bytes): a write that never completed", line, logFile,
            data.length - start);
        return;
      }
      byte[] bytes = java.util.Arrays.copyOfRange(data, start, end);
      start = end + 1;
      RegistryJson.ChangeJson change;
      try {
        change = RegistryJson.read(bytes, RegistryJson.ChangeJson.class);
        if (change.sequence() <= snapshotSequence) {
          continue;
        }
        image.apply(RegistryJson.fromJson(change));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw corrupt(logFile, "line " + line + ": " + e.getMessage(), e);
      }
      sequence = change.sequence();
    }
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static RegistryException corrupt(Path file, String what, Throwable cause) {
    return new RegistryException("the registry file " + file + " is corrupt (" + what + "); move it aside to start "
        + "with an empty registry, or restore it from a copy", cause);
  }

  @Override
  public void apply(RegistryChange change) throws RegistryException {
    if (image == null || broken) {
      throw new RegistryException("the registry in " + dir + " is " + (broken ? "unusable after a failed write"
          : "not loaded yet"));
    }
    if (change.isEmpty()) {
      return;
    }
    long next = sequence + 1;
    byte[] line = lineOf(change, next);
    try {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        log.write(buf);
      }
      log.force(false);
    } catch (IOException e) {
      broken = true;
      throw new RegistryException("cannot write the registry log " + logFile + ": " + e, e);
    }
    sequence = next;
    image.apply(change);
    try {
      if (log.size() > COMPACT_BYTES) {
        compact();
      }
    } catch (IOException e) {
      broken = true;
      throw new RegistryException("cannot write the registry log " + logFile + ": " + e, e);
    }
  }

  private static byte[] lineOf(RegistryChange change, long sequence) {
    byte[] json = RegistryJson.bytes(RegistryJson.toJson(change, sequence));
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  /** Writes the image as the new snapshot (write, sync, rename), then empties the log. */
  private void compact() throws RegistryException {
    Path tmp = dir.resolve(SNAPSHOT + ".tmp");
    byte[] data = RegistryJson.bytes(RegistryJson.toJson(image.contents(), sequence));
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        out.force(true);
      }
      try {
        Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically", e);
      }
      syncDirectory();
      if (log != null) {
        log.truncate(0);
        log.force(true);
      } else {
        Files.deleteIfExists(logFile);
      }
    } catch (IOException e) {
      broken = true;
      throw new RegistryException("cannot write the registry file " + snapshot + ": " + e, e);
    }
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync directory {} ({}); the rename is still atomic", dir, e.toString());
    }
  }

  private void openLog() throws RegistryException {
    try {
      log = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      log.force(true);
      syncDirectory();
    } catch (IOException e) {
      throw new RegistryException("cannot open the registry log " + logFile + ": " + e, e);
    }
  }

  /** Where the registry lives. */
  public Path directory() {
    return dir;
  }

  @Override
  public String describe() {
    return snapshot.toString();
  }

  @Override
  public void close() {
    closeQuietly(log);
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("cannot release {}: {}", dir.resolve(LOCK), e.toString());
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }
}
