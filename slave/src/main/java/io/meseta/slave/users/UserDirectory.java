package io.meseta.slave.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Finds accounts by name. */
@FunctionalInterface
public interface UserDirectory {

  /**
   * The account called {@code name}, or empty if there is none.
   *
   * @throws IOException if the password database cannot be asked
   */
  Optional<OsUser> lookup(String name) throws IOException;

  /** The names an account lookup accepts: what {@code useradd} allows, never starting with '-'. */
  Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}\\$?");

  /**
   * The machine's password database through {@code getent passwd} (so LDAP and other NSS sources
   * count, as they do for logins). A name that is not a valid user name is no account.
   */
  static UserDirectory system() {
    return name -> {
      if (name == null || !VALID_NAME.matcher(name).matches() || name.chars().allMatch(Character::isDigit)) {
        return Optional.empty(); // getent would take digits for a uid
      }
      Process p = new ProcessBuilder(List.of(getent(), "passwd", name)).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("'getent passwd " + name + "' did not answer within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while looking up user " + name, e);
      }
      if (p.exitValue() == 2) {
        return Optional.empty(); // no such key
      }
      if (p.exitValue() != 0) {
        throw new IOException("'getent passwd " + name + "' failed with status " + p.exitValue() + ": " + out.strip());
      }
      return Optional.of(parsePasswdLine(out.strip()));
    };
  }

  /** One line of the password database: {@code name:x:uid:gid:gecos:home:shell}. */
  static OsUser parsePasswdLine(String line) throws IOException {
    String[] f = line.split(":", -1);
    if (f.length < 7) {
      throw new IOException("not a password database entry: '" + line + "'");
    }
    try {
      return new OsUser(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), Path.of(f[5].isEmpty() ? "/" : f[5]));
    } catch (IllegalArgumentException e) {
      throw new IOException("not a password database entry: '" + line + "'", e);
    }
  }

  private static String getent() {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path p = Path.of(dir, "getent");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return "getent";
  }
}
