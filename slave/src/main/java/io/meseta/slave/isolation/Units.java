package io.meseta.slave.isolation;

import java.util.Locale;

/** Conversions between the resource units (MB) and what the kernel counts (bytes). */
final class Units {
  static final long MB = 1024L * 1024L;

  private Units() {}

  static long mbToBytes(double mb) {
    return Math.round(mb * MB);
  }

  /** {@code 64 MB}, {@code 1.5 MB}: megabytes as the resources name them. */
  static String mb(long bytes) {
    double mb = bytes / (double) MB;
    if (mb == Math.rint(mb)) {
      return String.format(Locale.ROOT, "%d MB", (long) mb);
    }
    return String.format(Locale.ROOT, "%.1f MB", mb);
  }
}
