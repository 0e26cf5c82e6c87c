package io.meseta.hdfs.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks {@code .tar.gz}, {@code .tgz}, {@code .tar} and {@code .zip} archives into a directory,
 * keeping the permission bits they record. Nothing is ever written outside the directory:
 *
 * <ul>
 *   <li>entry names that are absolute or climb out with {@code ..} fail the extraction;
 *   <li>directories are created one component at a time, and an existing symbolic link on the way
 *       is followed only if it stays inside;
 *   <li>files are created with {@code CREATE_NEW} after removing what was there, so a planted link
 *       is replaced, never written through;
 *   <li>symbolic links are created last (so no entry is written through one) and only if their
 *       target, resolved through the links already there, stays inside; absolute targets fail;
 *   <li>hard links must name a regular file already extracted inside.
 * </ul>
 */
public final class ArchiveExtractor {
  private static final int PERMISSION_BITS = 0777;
  private static final int MAX_LINK_DEPTH = 40;

  private record PendingLink(Path relative, String target) {}

  private record PendingMode(Path path, int mode) {}

  private final Path root;
  private final List<PendingLink> links = new ArrayList<>();
  private final List<PendingMode> directoryModes = new ArrayList<>();

  private ArchiveExtractor(Path root) {
    this.root = root;
  }

  /** Whether {@code fileName} has a suffix {@link #extract} understands. */
  public static boolean isArchive(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
  }

  /**
   * Unpacks {@code archive} into {@code destination}, choosing the format by the file name.
   *
   * @throws UnsafeArchiveException if an entry or link would escape {@code destination}
   * @throws IOException if the format is not supported, the archive is corrupt, or writing fails
   */
  public static void extract(Path archive, Path destination) throws IOException {
    String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
    Files.createDirectories(destination);
    ArchiveExtractor x = new ArchiveExtractor(destination.toRealPath());
    if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
      try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
        x.tar(in);
      }
    } else if (n.endsWith(".tar")) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
        x.tar(in);
      }
    } else if (n.endsWith(".zip")) {
      x.zip(archive);
    } else {
      throw new IOException(archive.getFileName() + " is not a .tar.gz, .tgz, .tar or .zip archive");
    }
    x.finish();
  }

  private void tar(InputStream raw) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path rel = relative(entry.getName());
        if (entry.isDirectory()) {
          directory(rel, entry.getMode());
        } else if (entry.isSymbolicLink()) {
          links.add(new PendingLink(rel, entry.getLinkName()));
        } else if (entry.isLink()) {
          hardLink(rel, entry.getLinkName());
        } else if (entry.isFile()) {
          file(rel, tar, entry.getMode());
        }
        // devices and fifos are not unpacked into a sandbox
      }
    }
  }

  private void zip(Path archive) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntries();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry entry = entries.nextElement();
        Path rel = relative(entry.getName());
        if (entry.isDirectory()) {
          directory(rel, entry.getUnixMode());
        } else if (entry.isUnixSymlink()) {
          try (InputStream in = zip.getInputStream(entry)) {
            links.add(new PendingLink(rel, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        } else {
          try (InputStream in = zip.getInputStream(entry)) {
            file(rel, in, entry.getUnixMode());
          }
        }
      }
    }
  }

  private void directory(Path rel, int mode) throws IOException {
    Path dir = directoryInside(rel);
    if ((mode & PERMISSION_BITS) != 0) {
      directoryModes.add(new PendingMode(dir, mode));
    }
  }

  private void file(Path rel, InputStream content, int mode) throws IOException {
    Path dest = freshPath(rel);
    Files.copy(content, dest); // CREATE_NEW: fails rather than follow anything planted meanwhile
    applyMode(dest, mode);
  }

  private void hardLink(Path rel, String targetName) throws IOException {
    Path target = resolveInside(root, relative(targetName), targetName);
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnsafeArchiveException("hard link '" + rel + "' names '" + targetName
          + "', which is not a regular file extracted before it");
    }
    Files.createLink(freshPath(rel), target);
  }

  /** Creates the symbolic links, then checks them all again: a later link can change an earlier one's meaning. */
  private void finish() throws IOException {
    List<Path> created = new ArrayList<>();
    for (PendingLink link : links) {
      Path target = linkTarget(link);
      Path dest = freshPath(link.relative());
      resolveInside(dest.getParent(), target, link.target());
      Files.createSymbolicLink(dest, target);
      created.add(dest);
    }
    for (Path dest : created) {
      try {
        resolveInside(dest.getParent(), Files.readSymbolicLink(dest), Files.readSymbolicLink(dest).toString());
      } catch (UnsafeArchiveException e) {
        for (Path p : created) {
          Files.deleteIfExists(p);
        }
        throw e;
      }
    }
    Collections.reverse(directoryModes); // children before parents, in case a parent loses its write bit
    for (PendingMode m : directoryModes) {
      applyMode(m.path(), m.mode());
    }
  }

  private static Path linkTarget(PendingLink link) throws IOException {
    Path target;
    try {
      target = Path.of(link.target());
    } catch (InvalidPathException e) {
      throw new UnsafeArchiveException("symbolic link '" + link.relative() + "' has an invalid target");
    }
    if (link.target().isEmpty() || target.isAbsolute()) {
      throw new UnsafeArchiveException("symbolic link '" + link.relative() + "' points to '" + link.target()
          + "': absolute or empty targets are not extracted");
    }
    return target;
  }

  /** An entry name as a normalized relative path that does not climb out. */
  private static Path relative(String name) throws IOException {
    Path p;
    try {
      p = Path.of(name == null ? "" : name);
    } catch (InvalidPathException e) {
      throw new UnsafeArchiveException("archive entry '" + name + "' has an invalid name");
    }
    Path n = p.normalize();
    if (p.isAbsolute() || n.startsWith("..")) {
      throw new UnsafeArchiveException("archive entry '" + name + "' would be written outside the sandbox");
    }
    return n;
  }

  /** The real directory {@code rel} names under the root, created component by component. */
  private Path directoryInside(Path rel) throws IOException {
    Path cur = root;
    if (rel == null || rel.toString().isEmpty()) {
      return cur;
    }
    for (Path component : rel) {
      Path next = cur.resolve(component);
      if (Files.isSymbolicLink(next)) {
        Path real = next.toRealPath();
        if (!real.startsWith(root) || !Files.isDirectory(real)) {
          throw new UnsafeArchiveException("'" + rel + "' passes through the link '" + root.relativize(next)
              + "', which does not lead to a directory inside the sandbox");
        }
        cur = real;
      } else if (Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
        cur = next;
      } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("cannot create directory '" + rel + "': '" + root.relativize(next) + "' is a file");
      } else {
        Files.createDirectory(next);
        cur = next;
      }
    }
    return cur;
  }

  /** A path for a new file or link at {@code rel}: its directory exists inside, and nothing is at it. */
  private Path freshPath(Path rel) throws IOException {
    if (rel.getFileName() == null || rel.toString().isEmpty()) {
      throw new UnsafeArchiveException("an archive entry has an empty name");
    }
    Path dest = directoryInside(rel.getParent()).resolve(rel.getFileName());
    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot write '" + rel + "': a directory is in the way");
    }
    Files.deleteIfExists(dest); // removes a link itself, never its target
    return dest;
  }

  /** Resolves {@code target} from the real directory {@code from}, following links; fails if it ends outside. */
  private Path resolveInside(Path from, Path target, String described) throws IOException {
    Path resolved = resolve(from, target, 0, described);
    if (!resolved.startsWith(root)) {
      throw new UnsafeArchiveException("link target '" + described + "' leads outside the sandbox");
    }
    return resolved;
  }

  private Path resolve(Path from, Path target, int depth, String described) throws IOException {
    if (depth > MAX_LINK_DEPTH) {
      throw new UnsafeArchiveException("link target '" + described + "' goes through too many links");
    }
    Path cur = target.isAbsolute() ? target.getRoot() : from;
    for (Path component : target) {
      String c = component.toString();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        cur = cur.getParent() == null ? cur : cur.getParent();
        continue;
      }
      Path next = cur.resolve(c);
      cur = Files.isSymbolicLink(next) ? resolve(cur, Files.readSymbolicLink(next), depth + 1, described) : next;
    }
    return cur;
  }

  private static void applyMode(Path dest, int mode) throws IOException {
    int bits = mode & PERMISSION_BITS;
    if (bits != 0) {
      Files.setPosixFilePermissions(dest, permissions(bits));
    }
  }

  /** The POSIX permissions of a numeric mode such as {@code 0755}. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(order[i]);
      }
    }
    return out;
  }
}
