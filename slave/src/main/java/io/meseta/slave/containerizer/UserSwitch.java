package io.meseta.slave.containerizer;

import io.meseta.slave.users.OsUser;
import io.meseta.slave.users.UserDirectory;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a container's command comes to run as the user its spec names: an agent running as root
 * puts {@code setpriv --reuid=UID --regid=GID --init-groups --} innermost before the command (after
 * every isolator's setup, which needs root), hands the sandbox to that user, and sets
 * {@code USER}, {@code LOGNAME} and {@code HOME} (the account's home) for it. An agent not running
 * as root refuses any user but its own. Which user a task should run as is decided before, by
 * {@link io.meseta.slave.users.TaskUserPolicy}.
 */
public final class UserSwitch {
  private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

  private final OsUser agent;
  private final UserDirectory directory;
  private final Optional<Path> setpriv;

  public UserSwitch(OsUser agent, UserDirectory directory, Optional<Path> setpriv) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.setpriv = Objects.requireNonNull(setpriv, "setpriv");
  }

  /** For this JVM's user, with the system's password database and {@code setpriv} where util-linux puts it. */
  public static UserSwitch forThisProcess() {
    return new UserSwitch(OsUser.ofThisProcess(), UserDirectory.system(),
        DIRS.stream().map(d -> Path.of(d, "setpriv")).filter(Files::isExecutable).findFirst());
  }

  public OsUser agentUser() {
    return agent;
  }

  /** Whether this agent can run commands as other users: it is root and has {@code setpriv}. */
  public boolean canSwitch() {
    return agent.isRoot() && setpriv.isPresent();
  }

  /**
   * The user the container must switch to; empty when it runs as the agent's own user.
   *
   * @throws ContainerLaunchException if it names another user and this agent cannot switch to it
   */
  Optional<OsUser> target(ContainerSpec spec) throws ContainerLaunchException {
    if (spec.user().isEmpty() || spec.user().get().equals(agent.name())) {
      return Optional.empty();
    }
    String name = spec.user().get();
    if (!agent.isRoot()) {
      throw new ContainerLaunchException("container " + spec.id() + " asks to run as user '" + name
          + "', but the agent runs as '" + agent.name() + "', not as root, and cannot switch users");
    }
    if (setpriv.isEmpty()) {
      throw new ContainerLaunchException("container " + spec.id() + " asks to run as user '" + name
          + "', which needs 'setpriv' (util-linux), found in none of " + DIRS);
    }
    Optional<OsUser> user;
    try {
      user = directory.lookup(name);
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot look up user '" + name + "' for container " + spec.id() + ": "
          + e.getMessage(), e);
    }
    if (user.isEmpty()) {
      throw new ContainerLaunchException("container " + spec.id() + " asks to run as user '" + name
          + "', which is not an account of this machine");
    }
    return user.get().uid() == agent.uid() ? Optional.empty() : user;
  }

  /** The prefix that runs what follows it as {@code user}. */
  List<String> prefix(OsUser user) {
    return List.of(setpriv.orElseThrow().toString(), "--reuid=" + user.uid(), "--regid=" + user.gid(),
        "--init-groups", "--");
  }

  /** The variables that say who the command runs as. */
  static Map<String, String> environment(OsUser user) {
    Map<String, String> env = new TreeMap<>();
    env.put("USER", user.name());
    env.put("LOGNAME", user.name());
    env.put("HOME", user.home().toString());
    return env;
  }

  /**
   * Gives {@code sandbox} and everything in it to {@code user} (links themselves, never what they
   * point to), and closes the sandbox to other users ({@code rwxr-x---}).
   */
  static void chown(Path sandbox, OsUser user) throws IOException {
    own(sandbox, user);
    Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwxr-x---"));
  }

  private static void own(Path sandbox, OsUser user) throws IOException {
    Files.walkFileTree(sandbox, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        own(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        own(file);
        return FileVisitResult.CONTINUE;
      }

      private void own(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", (int) user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) user.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    });
  }
}
