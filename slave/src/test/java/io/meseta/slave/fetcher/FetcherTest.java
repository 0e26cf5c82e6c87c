package io.meseta.slave.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.task.FetchUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local files, naming, the executable flag and the errors of the {@link Fetcher}. */
class FetcherTest {
  @TempDir
  Path tmp;

  private final Fetcher fetcher = Fetcher.standard();
  private Path sandbox;
  private Path source;

  @BeforeEach
  void files() throws IOException {
    sandbox = tmp.resolve("sandbox");
    source = tmp.resolve("source").resolve("app.sh");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "#!/bin/sh\necho hello\n");
    Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
  }

  static void assertMentions(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), "'" + message + "' should mention '" + f + "'");
    }
  }

  @Test
  void copiesAFileUriIntoTheSandboxUnderItsLastSegment() throws Exception {
    Path fetched = fetcher.fetch(FetchUri.of(source.toUri().toString()), sandbox);

    assertEquals(sandbox.resolve("app.sh"), fetched);
    assertEquals("#!/bin/sh\necho hello\n", Files.readString(fetched));
    assertFalse(Files.getPosixFilePermissions(fetched).contains(PosixFilePermission.OWNER_EXECUTE));
  }

  @Test
  void readsABareAbsolutePathAsAFileUri() throws Exception {
    Path fetched = fetcher.fetch(FetchUri.of(source.toString()), sandbox);

    assertEquals("#!/bin/sh\necho hello\n", Files.readString(fetched));
  }

  @Test
  void namesTheFileAfterOutputFileWhenGiven() throws Exception {
    Path fetched = fetcher.fetch(new FetchUri(source.toString(), false, false, Optional.of("run")), sandbox);

    assertEquals(sandbox.resolve("run"), fetched);
    assertTrue(Files.exists(fetched));
  }

  @Test
  void makesTheFileExecutableWhenAsked() throws Exception {
    Path fetched = fetcher.fetch(new FetchUri(source.toString(), true, false, Optional.empty()), sandbox);

    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(fetched);
    assertTrue(perms.containsAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE)), perms.toString());
    assertTrue(perms.contains(PosixFilePermission.OWNER_READ), "other bits are kept");
  }

  @Test
  void aMissingFileIsAFetchExceptionNamingThePath() {
    Path missing = tmp.resolve("nowhere").resolve("missing.tar.gz");

    FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(FetchUri.of(missing.toString()), sandbox));

    assertMentions(e.getMessage(), missing.toString(), "no such file");
  }

  @Test
  void aDirectoryIsRefused() {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher.fetch(new FetchUri(source.getParent().toString(), false, false, Optional.of("dir")), sandbox));

    assertMentions(e.getMessage(), source.getParent().toString(), "is a directory");
  }

  @Test
  void anUnknownSchemeIsRefusedNamingTheSupportedOnes() {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher.fetch(FetchUri.of("ftp://files.example/app.tar.gz"), sandbox));

    assertMentions(e.getMessage(), "ftp://files.example/app.tar.gz", "unsupported scheme 'ftp'", "file, http, https");
    assertFalse(Files.exists(sandbox.resolve("app.tar.gz")));
  }

  @Test
  void aRelativePathWithoutSchemeIsRefused() {
    FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(FetchUri.of("app.sh"), sandbox));

    assertMentions(e.getMessage(), "app.sh", "no scheme");
  }

  @Test
  void aUriWithoutAFileNameNeedsOutputFile() {
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher.fetch(FetchUri.of("http://127.0.0.1:1/"), sandbox));

    assertMentions(e.getMessage(), "outputFile");
  }
}
