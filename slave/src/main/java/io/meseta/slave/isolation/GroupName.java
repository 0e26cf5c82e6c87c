package io.meseta.slave.isolation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cgroup directory name of a container id. Ids such as {@code framework/task} hold characters a
 * directory name cannot, so every character outside {@code [A-Za-z0-9._:-]} is written {@code %XX}
 * (UTF-8 bytes). Names longer than {@value #MAX} characters are cut and end in a hash of the id.
 * Distinct ids give distinct names; recovery compares names, so the mapping need not be reversed.
 */
final class GroupName {
  static final int MAX = 200;
  private static final int KEEP = 150;

  private GroupName() {}

  static String of(String containerId) {
    StringBuilder out = new StringBuilder();
    for (byte b : containerId.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-')) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    if (out.charAt(0) == '.') {
      out.replace(0, 1, "%2E"); // never "." or "..", never hidden
    }
    if (out.length() <= MAX) {
      return out.toString();
    }
    return out.substring(0, KEEP) + "~" + sha256(containerId).substring(0, 40);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
