package io.meseta.slave.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A private mount namespace per container whose {@code /tmp} is the directory {@value #TMP} in its
 * sandbox (world-writable, sticky), so what a task leaves in {@code /tmp} is its own, counts toward
 * its disk quota, and goes with its sandbox. {@code TMPDIR} is set to {@code /tmp}.
 *
 * <p>A sandbox that itself lies under {@code /tmp} (an agent whose work directory is there) stays
 * reachable at its own path inside the container: it is bind-mounted at that path in the new
 * {@code /tmp} (the directories for it are created in the sandbox's {@value #TMP}, and are empty
 * seen from outside).
 */
public final class FilesystemIsolator implements Isolator {
  public static final String NAME = "filesystem";
  /** The sandbox directory mounted at {@code /tmp}. */
  public static final String TMP = "tmp";
  private static final Path SYSTEM_TMP = Path.of("/tmp");
  /** $1: the sandbox's tmp. */
  static final String SCRIPT = "chmod 1777 \"$1\" && mount --bind \"$1\" /tmp || exit "
      + IsolationPlan.SETUP_FAILED_STATUS + "\nshift\nexec \"$@\"";
  /** $1: the sandbox's tmp, $2: the sandbox (under /tmp), $3: where $2 goes in $1. */
  static final String SCRIPT_UNDER_TMP = "chmod 1777 \"$1\" && mount --bind \"$2\" \"$3\""
      + " && mount --rbind \"$1\" /tmp || exit " + IsolationPlan.SETUP_FAILED_STATUS + "\nshift 3\nexec \"$@\"";

  private final Path unshare;

  private FilesystemIsolator(Path unshare) {
    this.unshare = unshare;
  }

  private List<String> prefix(String script, Path... args) {
    List<String> out = new ArrayList<>(List.of(unshare.toString(), "--mount", "--propagation", "private", "--",
        "/bin/sh", "-c", script, "meseta-fs"));
    for (Path a : args) {
      out.add(a.toString());
    }
    return out;
  }

  /**
   * @throws IsolationException if {@code unshare} or {@code mount} is missing, or a private mount
   *                            namespace with a bind mount cannot be made here (not root)
   */
  public static FilesystemIsolator open() throws IsolationException {
    FilesystemIsolator isolator = new FilesystemIsolator(Programs.require("unshare", NAME));
    Programs.require("mount", NAME);
    Path probeDir;
    try {
      probeDir = Files.createTempDirectory("meseta-fs-probe");
    } catch (IOException e) {
      throw new IsolationException("cannot create a temporary directory to try the filesystem isolator: " + e, e);
    }
    try {
      List<String> probe = isolator.prefix(SCRIPT, probeDir);
      probe.add("true");
      Programs.probe(NAME, probe);
    } finally {
      try {
        Files.deleteIfExists(probeDir);
      } catch (IOException e) {
        // a temporary directory left behind
      }
    }
    return isolator;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IsolationPlan prepare(IsolationRequest request) throws IsolationException {
    Path tmp = request.sandbox().resolve(TMP);
    if (Files.isSymbolicLink(tmp) || Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
      // e.g. a fetched archive holding tmp -> /etc: the setup, run as root, would chmod and mount its target
      throw new IsolationException("container " + request.containerId() + ": " + tmp
          + " is a symbolic link or not a directory; it cannot become the container's /tmp");
    }
    List<String> prefix;
    try {
      Files.createDirectories(tmp);
      Path sandbox = request.sandbox().toRealPath();
      Path systemTmp = SYSTEM_TMP.toRealPath();
      if (sandbox.startsWith(systemTmp) && !sandbox.equals(systemTmp)) {
        Path inside = tmp.resolve(systemTmp.relativize(sandbox).toString());
        Files.createDirectories(inside);
        prefix = prefix(SCRIPT_UNDER_TMP, tmp, sandbox, inside);
      } else {
        prefix = prefix(SCRIPT, tmp);
      }
    } catch (IOException e) {
      throw new IsolationException("container " + request.containerId() + ": cannot create " + tmp + ": " + e, e);
    }
    return new IsolationPlan(List.of(), prefix, Map.of("TMPDIR", "/tmp"));
  }

  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    return Optional.empty();
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    return Optional.empty();
  }

  /** Nothing of its own: the mount namespace ends with its last process. */
  @Override
  public void killAll(String containerId) {}

  @Override
  public Optional<LimitEvent> destroy(String containerId) {
    return Optional.empty();
  }

  @Override
  public Set<String> recover(Collection<IsolationRequest> known) {
    return Set.of();
  }
}
