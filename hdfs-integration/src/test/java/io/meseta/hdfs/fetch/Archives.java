package io.meseta.hdfs.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small archives in memory for tests, including malicious ones. */
final class Archives {
  private enum Kind { FILE, DIR, SYMLINK, HARDLINK }

  private record Item(Kind kind, String name, String content, int mode) {}

  private final List<Item> items = new ArrayList<>();

  static Archives builder() {
    return new Archives();
  }

  Archives file(String name, String content, int mode) {
    items.add(new Item(Kind.FILE, name, content, mode));
    return this;
  }

  Archives file(String name, String content) {
    return file(name, content, 0644);
  }

  Archives dir(String name) {
    items.add(new Item(Kind.DIR, name, "", 0755));
    return this;
  }

  Archives symlink(String name, String target) {
    items.add(new Item(Kind.SYMLINK, name, target, 0777));
    return this;
  }

  Archives hardlink(String name, String target) {
    items.add(new Item(Kind.HARDLINK, name, target, 0644));
    return this;
  }

  byte[] tarGz() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Item i : items) {
        TarArchiveEntry e = switch (i.kind()) {
          case FILE -> new TarArchiveEntry(i.name(), true);
          case DIR -> new TarArchiveEntry(i.name().endsWith("/") ? i.name() : i.name() + "/", true);
          case SYMLINK -> new TarArchiveEntry(i.name(), TarArchiveEntry.LF_SYMLINK, true);
          case HARDLINK -> new TarArchiveEntry(i.name(), TarArchiveEntry.LF_LINK, true);
        };
        e.setMode(e.getMode() & ~0777 | i.mode());
        byte[] data = i.content().getBytes(StandardCharsets.UTF_8);
        if (i.kind() == Kind.SYMLINK || i.kind() == Kind.HARDLINK) {
          e.setLinkName(i.content());
        } else if (i.kind() == Kind.FILE) {
          e.setSize(data.length);
        }
        tar.putArchiveEntry(e);
        if (i.kind() == Kind.FILE) {
          tar.write(data);
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Item i : items) {
        ZipArchiveEntry e = new ZipArchiveEntry(i.kind() == Kind.DIR ? i.name() + "/" : i.name());
        int type = switch (i.kind()) {
          case DIR -> 0040000;
          case SYMLINK -> 0120000;
          default -> 0100000;
        };
        e.setUnixMode(type | i.mode());
        zip.putArchiveEntry(e);
        if (i.kind() != Kind.DIR) {
          zip.write(i.content().getBytes(StandardCharsets.UTF_8));
        }
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
