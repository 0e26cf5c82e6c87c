package io.meseta.slave.fetcher;

import static io.meseta.slave.fetcher.FetcherTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.task.FetchUri;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching with {@code extract}: archives made here, unpacked into the sandbox, and kept inside it. */
class ArchiveFetchTest {
  @TempDir
  Path tmp;

  private final Fetcher fetcher = Fetcher.standard();
  private Path sandbox;

  @BeforeEach
  void dirs() {
    sandbox = tmp.resolve("sandbox");
  }

  private Path fetchExtracted(Path archive) throws FetchException {
    return fetcher.fetch(new FetchUri(archive.toUri().toString(), false, true, Optional.empty()), sandbox);
  }

  private static void addTarFile(TarArchiveOutputStream tar, String name, int mode, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(mode);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private Path tarGz(String fileName, TarWriter writer) throws IOException {
    Path archive = tmp.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(archive);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      writer.write(tar);
    }
    return archive;
  }

  private interface TarWriter {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private Path zip(String fileName, String... namesAndContents) throws IOException {
    Path archive = tmp.resolve(fileName);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return archive;
  }

  @Test
  void unpacksATarGzKeepingTheExecutableBit() throws Exception {
    Path archive = tarGz("app.tar.gz", tar -> {
      TarArchiveEntry dir = new TarArchiveEntry("app/");
      dir.setMode(0755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      addTarFile(tar, "app/bin/run.sh", 0755, "#!/bin/sh\necho run\n");
      addTarFile(tar, "app/conf/app.conf", 0644, "port=8080\n");
    });

    Path fetched = fetchExtracted(archive);

    assertEquals(sandbox.resolve("app.tar.gz"), fetched, "the archive itself is kept");
    assertEquals("#!/bin/sh\necho run\n", Files.readString(sandbox.resolve("app/bin/run.sh")));
    assertEquals("port=8080\n", Files.readString(sandbox.resolve("app/conf/app.conf")));
    assertTrue(Files.getPosixFilePermissions(sandbox.resolve("app/bin/run.sh"))
        .contains(PosixFilePermission.OWNER_EXECUTE));
    assertFalse(Files.getPosixFilePermissions(sandbox.resolve("app/conf/app.conf"))
        .contains(PosixFilePermission.OWNER_EXECUTE));
  }

  @Test
  void unpacksAZip() throws Exception {
    Path archive = zip("site.zip", "site/index.html", "<h1>hi</h1>", "readme.txt", "read me");

    fetchExtracted(archive);

    assertEquals("<h1>hi</h1>", Files.readString(sandbox.resolve("site/index.html")));
    assertEquals("read me", Files.readString(sandbox.resolve("readme.txt")));
  }

  @Test
  void aZipEntryEscapingTheSandboxIsRefused() throws Exception {
    Path archive = zip("evil.zip", "fine.txt", "ok", "../evil", "pwned");

    FetchException e = assertThrows(FetchException.class, () -> fetchExtracted(archive));

    assertMentions(e.getMessage(), "../evil", "outside the sandbox");
    assertFalse(Files.exists(tmp.resolve("evil")), "nothing may be written outside the sandbox");
  }

  @Test
  void aTarSymlinkPointingOutOfTheSandboxIsRefused() throws Exception {
    Path archive = tarGz("links.tgz", tar -> {
      TarArchiveEntry link = new TarArchiveEntry("escape", TarConstants.LF_SYMLINK);
      link.setLinkName("../../etc");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    });

    FetchException e = assertThrows(FetchException.class, () -> fetchExtracted(archive));

    assertMentions(e.getMessage(), "../../etc", "outside the sandbox");
    assertFalse(Files.exists(sandbox.resolve("escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aCorruptArchiveIsAFetchException() throws Exception {
    Path archive = tmp.resolve("broken.tar.gz");
    Files.writeString(archive, "this is not gzip");

    FetchException e = assertThrows(FetchException.class, () -> fetchExtracted(archive));

    assertMentions(e.getMessage(), "broken.tar.gz", "cannot extract");
  }

  @Test
  void extractOfANonArchiveIsRefused() throws Exception {
    Path plain = tmp.resolve("notes.txt");
    Files.writeString(plain, "x");

    FetchException e = assertThrows(FetchException.class, () -> fetchExtracted(plain));

    assertMentions(e.getMessage(), "notes.txt", "not a .tar.gz");
  }
}
