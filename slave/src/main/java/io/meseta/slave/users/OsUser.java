package io.meseta.slave.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An account of this machine, as the password database has it.
 *
 * @param name its login name
 * @param uid  its user id
 * @param gid  its primary group id
 * @param home its home directory (which need not exist: {@code nobody}'s is {@code /nonexistent})
 */
public record OsUser(String name, long uid, long gid, Path home) {
  public OsUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(home, "home");
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid of user " + name + " must not be negative, got " + uid + ":"
          + gid);
    }
  }

  public boolean isRoot() {
    return uid == 0;
  }

  /**
   * The user this JVM runs as: its effective uid and gid from {@code /proc/self/status}, its name
   * and home from the {@code user.name} and {@code user.home} properties.
   *
   * @throws IllegalStateException off Linux, where {@code /proc} is missing
   */
  public static OsUser ofThisProcess() {
    long uid = -1;
    long gid = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        } else if (line.startsWith("Gid:")) {
          gid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read this process's uid from /proc/self/status: " + e, e);
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalStateException("/proc/self/status names no Uid or Gid");
    }
    return new OsUser(System.getProperty("user.name", "uid" + uid), uid, gid,
        Path.of(System.getProperty("user.home", "/")));
  }
}
