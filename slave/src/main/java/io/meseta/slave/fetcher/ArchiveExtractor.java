package io.meseta.slave.fetcher;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks {@code .tar.gz}, {@code .tgz}, {@code .tar} and {@code .zip} archives into a directory,
 * keeping the permission bits the archive records (so executables stay executable). An entry
 * or link that would land outside the directory ("zip slip") fails the whole extraction.
 */
public final class ArchiveExtractor {
  private static final int PERMISSION_BITS = 0777;

  private ArchiveExtractor() {}

  /** Whether {@code fileName} has one of the supported archive suffixes. */
  public static boolean isArchive(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
  }

  /**
   * Unpacks {@code archive} into {@code destination}.
   *
   * @throws FetchException if the format is not supported, the archive is corrupt, or an entry escapes
   */
  public static void extract(Path archive, Path destination) throws FetchException {
    String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
    Path root = destination.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
        try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
          extractTar(in, root);
        }
      } else if (n.endsWith(".tar")) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
          extractTar(in, root);
        }
      } else if (n.endsWith(".zip")) {
        extractZip(archive, root);
      } else {
        throw new FetchException("cannot extract " + archive.getFileName()
            + ": not a .tar.gz, .tgz, .tar or .zip archive");
      }
    } catch (IOException e) {
      throw new FetchException("cannot extract " + archive.getFileName() + ": " + e, e);
    }
  }

  private static void extractTar(InputStream raw, Path root) throws IOException, FetchException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path dest = inside(root, root, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(dest);
        } else if (entry.isSymbolicLink()) {
          inside(root, dest.getParent(), entry.getLinkName());
          Files.createDirectories(dest.getParent());
          Files.deleteIfExists(dest);
          Files.createSymbolicLink(dest, Path.of(entry.getLinkName()));
          continue;
        } else if (entry.isLink()) {
          Path existing = inside(root, root, entry.getLinkName());
          Files.createDirectories(dest.getParent());
          Files.deleteIfExists(dest);
          Files.createLink(dest, existing);
          continue;
        } else if (entry.isFile()) {
          Files.createDirectories(dest.getParent());
          Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
        } else {
          continue; // devices and fifos are not unpacked into a sandbox
        }
        applyMode(dest, entry.getMode());
      }
    }
  }

  private static void extractZip(Path archive, Path root) throws IOException, FetchException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntries();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry entry = entries.nextElement();
        Path dest = inside(root, root, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(dest);
        } else if (entry.isUnixSymlink()) {
          throw new FetchException("zip entry '" + entry.getName() + "' is a symbolic link, which is not supported");
        } else {
          Files.createDirectories(dest.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        applyMode(dest, entry.getUnixMode());
      }
    }
  }

  /** {@code base.resolve(name)}, or a failure if that lands outside {@code root}. */
  private static Path inside(Path root, Path base, String name) throws FetchException {
    if (name == null || name.isEmpty()) {
      throw new FetchException("an archive entry has an empty name");
    }
    Path p = Path.of(name);
    Path dest = (p.isAbsolute() ? p : base.resolve(p)).normalize();
    if (!dest.startsWith(root)) {
      throw new FetchException("archive entry '" + name + "' would be written outside the sandbox");
    }
    return dest;
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
