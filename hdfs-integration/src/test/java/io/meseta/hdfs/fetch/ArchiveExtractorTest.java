package io.meseta.hdfs.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {
  @TempDir Path tmp;
  Path sandbox;
  Path outside;

  @BeforeEach
  void dirs() throws Exception {
    sandbox = Files.createDirectories(tmp.resolve("work/sandbox"));
    outside = tmp.resolve("work");
  }

  private Path archive(String name, byte[] content) throws Exception {
    return Files.write(sandbox.resolve(name), content);
  }

  @Test
  void extractsTarGzWithDirectoriesModesLinksAndHardLinks() throws Exception {
    Path a = archive("app.tar.gz", Archives.builder()
        .dir("app").file("app/run.sh", "#!/bin/sh\necho hi\n", 0755).file("app/data/x.txt", "x")
        .symlink("app/latest", "data/x.txt").hardlink("app/x2.txt", "app/data/x.txt").tarGz());

    ArchiveExtractor.extract(a, sandbox);

    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.resolve("app/run.sh"))));
    assertEquals("x", Files.readString(sandbox.resolve("app/latest")));
    assertEquals("x", Files.readString(sandbox.resolve("app/x2.txt")));
    assertTrue(Files.isSymbolicLink(sandbox.resolve("app/latest")));
  }

  @Test
  void extractsZipAndTgzByName() throws Exception {
    Path zip = archive("a.zip", Archives.builder().file("bin/tool", "t", 0700).file("readme", "r").zip());
    ArchiveExtractor.extract(zip, sandbox);
    assertEquals("t", Files.readString(sandbox.resolve("bin/tool")));
    assertTrue(Files.isExecutable(sandbox.resolve("bin/tool")));

    Path tgz = archive("b.tgz", Archives.builder().file("b.txt", "b").tarGz());
    ArchiveExtractor.extract(tgz, sandbox);
    assertEquals("b", Files.readString(sandbox.resolve("b.txt")));
  }

  @Test
  void entriesThatClimbOutOrAreAbsoluteFail() throws Exception {
    Path slip = archive("slip.tar.gz", Archives.builder().file("../evil.txt", "e").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(slip, sandbox));
    assertFalse(Files.exists(outside.resolve("evil.txt")));

    Path zipSlip = archive("slip.zip", Archives.builder().file("a/../../evil.txt", "e").zip());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(zipSlip, sandbox));
    assertFalse(Files.exists(outside.resolve("evil.txt")));

    Path absolute = archive("abs.tar.gz", Archives.builder().file(outside.resolve("abs.txt").toString(), "e").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(absolute, sandbox));
    assertFalse(Files.exists(outside.resolve("abs.txt")));
  }

  @Test
  void linksPointingOutsideFailAndAreNotLeftBehind() throws Exception {
    Path up = archive("up.tar.gz", Archives.builder().symlink("up", "..").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(up, sandbox));
    assertFalse(Files.exists(sandbox.resolve("up"), LinkOption.NOFOLLOW_LINKS));

    Path abs = archive("abs.tar.gz", Archives.builder().symlink("etc", "/etc").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(abs, sandbox));

    Path zipLink = archive("link.zip", Archives.builder().symlink("up", "../..").zip());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(zipLink, sandbox));
    assertFalse(Files.exists(sandbox.resolve("up"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aFileIsNeverWrittenThroughALinkInTheSameArchive() throws Exception {
    // "here" -> "." is harmless by itself; "here/../evil" is caught by name, and files are
    // created before any link exists, so "here/x" lands in a real directory "here".
    Path a = archive("through.tar.gz", Archives.builder().symlink("here", ".").file("here/x", "x").tarGz());
    assertThrows(java.io.IOException.class, () -> ArchiveExtractor.extract(a, sandbox));
    assertFalse(Files.exists(outside.resolve("x")));
  }

  @Test
  void aChainOfLinksThatEscapesIsCaughtAfterAllLinksExist() throws Exception {
    // x -> y/.. looks inside while y does not exist; y -> . then makes x point at the sandbox's parent.
    Path a = archive("chain.tar.gz", Archives.builder().symlink("x", "y/..").symlink("y", ".").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(a, sandbox));
    assertFalse(Files.exists(sandbox.resolve("x"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(sandbox.resolve("y"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aLinkLeftInTheSandboxByAnEarlierArchiveIsNotFollowedOutside() throws Exception {
    Files.createSymbolicLink(sandbox.resolve("planted"), outside);
    Path a = archive("p.tar.gz", Archives.builder().file("planted/evil.txt", "e").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(a, sandbox));
    assertFalse(Files.exists(outside.resolve("evil.txt")));

    Files.createSymbolicLink(sandbox.resolve("victim"), outside.resolve("victim.txt"));
    Path b = archive("v.tar.gz", Archives.builder().file("victim", "replaced").tarGz());
    ArchiveExtractor.extract(b, sandbox);
    assertFalse(Files.exists(outside.resolve("victim.txt")), "the link is replaced, not written through");
    assertEquals("replaced", Files.readString(sandbox.resolve("victim")));
  }

  @Test
  void hardLinksMustNameAFileInside() throws Exception {
    Files.writeString(outside.resolve("secret"), "s");
    Path a = archive("h.tar.gz", Archives.builder().hardlink("h", "../secret").tarGz());
    assertThrows(UnsafeArchiveException.class, () -> ArchiveExtractor.extract(a, sandbox));
  }

  @Test
  void unknownSuffixIsAnError() throws Exception {
    Path a = archive("a.rar", new byte[] {1, 2, 3});
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> ArchiveExtractor.extract(a, sandbox));
    assertTrue(e.getMessage().contains("a.rar"), e.getMessage());
  }
}
