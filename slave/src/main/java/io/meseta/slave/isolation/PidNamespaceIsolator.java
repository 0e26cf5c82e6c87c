package io.meseta.slave.isolation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pid namespace per container, with {@code /proc} mounted for it (in a private mount namespace):
 * the container sees only its own processes.
 *
 * <p>Pid 1 of the namespace is a small shell, not the command: the kernel ignores signals without
 * a handler sent to a namespace's init from outside, so a command as pid 1 would not stop on
 * SIGTERM. The shell forwards TERM, INT, HUP, QUIT, USR1 and USR2 to the command, reaps orphans,
 * and exits with the command's status; when it exits the kernel kills everything left in the
 * namespace. {@code --kill-child} kills the namespace if {@code unshare} itself is killed. (The
 * command runs as a background job of that shell, so, as POSIX has it, it starts with SIGINT and
 * SIGQUIT ignored unless it sets handlers; SIGTERM, the one a kill sends, is unaffected.)
 */
public final class PidNamespaceIsolator implements Isolator {
  public static final String NAME = "namespaces/pid";
  static final String INIT = "for s in TERM INT HUP QUIT USR1 USR2; do trap \"kill -$s \\$c 2>/dev/null\" $s; done\n"
      + "\"$@\" & c=$!\n"
      + "while :; do wait $c; s=$?; kill -0 $c 2>/dev/null || exit $s; done";

  private final List<String> prefix;

  private PidNamespaceIsolator(Path unshare) {
    this.prefix = List.of(unshare.toString(), "--pid", "--fork", "--mount-proc", "--kill-child", "--",
        "/bin/sh", "-c", INIT, "meseta-init");
  }

  /**
   * @throws IsolationException if {@code unshare} is missing or cannot create a pid namespace here
   *                            (not root)
   */
  public static PidNamespaceIsolator open() throws IsolationException {
    Path unshare = Programs.require("unshare", NAME);
    PidNamespaceIsolator isolator = new PidNamespaceIsolator(unshare);
    List<String> probe = new ArrayList<>(isolator.prefix);
    probe.add("true");
    Programs.probe(NAME, probe);
    return isolator;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public IsolationPlan prepare(IsolationRequest request) {
    return IsolationPlan.prefix(prefix);
  }

  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    return Optional.empty();
  }

  @Override
  public Optional<LimitEvent> limitReached(String containerId) {
    return Optional.empty();
  }

  /** Nothing of its own: the namespace ends with its last process. */
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
