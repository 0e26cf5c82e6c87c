package io.meseta.batch.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as specs and flags write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, or whole seconds. */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /** The duration {@code text} spells; empty if it is not one. */
  public static Optional<Duration> parse(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return Optional.of(switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofSeconds(amount);
    });
  }

  /** As {@link #parse}, for a flag: a bad value is an IllegalArgumentException naming the flag. */
  public static Duration flag(String flag, String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException(flag
        + " must be a duration such as 500ms, 30s, 5m, 1h or 7d, got '" + text + "'"));
  }
}
