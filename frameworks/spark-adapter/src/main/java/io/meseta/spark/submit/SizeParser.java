package io.meseta.spark.submit;

import java.util.Locale;

/** Sizes as spark-submit writes them: {@code 512m}, {@code 2g}, {@code 1024} (MB). */
final class SizeParser {
  private SizeParser() {}

  static long mb(String option, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long factor = 1;
    if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    }
    if (v.endsWith("g")) {
      factor = 1024;
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("t")) {
      factor = 1024 * 1024;
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v) * factor;
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(option + " must be a size such as 512m or 2g, got '" + value + "'");
  }
}
