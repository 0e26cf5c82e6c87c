package io.meseta.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key-value settings from a {@code conf/*.properties} file, overridden by command-line flags.
 * Typed getters fail with a {@link ConfigException} that names the key and where its value came
 * from; unknown keys are refused so that a typo does not pass silently.
 */
public final class Settings {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, String> sources = new TreeMap<>();

  /** Reads a properties file; a missing file is an error that names it. */
  public static Settings load(Path file, Set<String> knownKeys) throws ConfigException {
    Settings s = new Settings();
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist or is not a file");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
      if (!knownKeys.contains(key)) {
        throw new ConfigException("unknown key '" + key + "' in " + file + "; known keys: " + knownKeys);
      }
      String v = p.getProperty(key).trim();
      if (!v.isEmpty()) {
        s.values.put(key, v);
        s.sources.put(key, file.toString());
      }
    }
    return s;
  }

  public static Settings empty() {
    return new Settings();
  }

  /** Sets a value given on the command line (null leaves the file's value). */
  public Settings flag(String key, Object value) {
    if (value != null) {
      values.put(key, value.toString());
      sources.put(key, "--" + key.replace('_', '-'));
    }
    return this;
  }

  public Optional<String> string(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public int integer(String key, int fallback) throws ConfigException {
    return parse(key, fallback, Integer::parseInt, "an integer");
  }

  public Duration duration(String key, Duration fallback) throws ConfigException {
    return parse(key, fallback, Settings::parseDuration, "a duration such as 500ms, 5s, 2m");
  }

  public Optional<Duration> optionalDuration(String key) throws ConfigException {
    return values.containsKey(key) ? Optional.of(duration(key, Duration.ZERO)) : Optional.empty();
  }

  /** Parses a value with {@code parser}; any failure names the key, the value and its source. */
  public <T> T parse(String key, T fallback, Function<String, T> parser, String expected) throws ConfigException {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return parser.apply(v);
    } catch (RuntimeException e) {
      throw bad(key, expected + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  /** An error about {@code key} that says where its value came from. */
  public ConfigException bad(String key, String expected) {
    return new ConfigException("invalid value '" + values.get(key) + "' for " + key + " (from "
        + sources.getOrDefault(key, "defaults") + "): expected " + expected);
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> n;
      case "s" -> n * 1_000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n * 86_400_000;
    };
    return Duration.ofMillis(Math.round(millis));
  }

  /** Parses {@code a=1,b=2} or {@code a:1;b:2} into a sorted map. */
  public static Map<String, String> pairs(String text) {
    Map<String, String> out = new TreeMap<>();
    for (String item : text.split("[;,]")) {
      String s = item.trim();
      if (s.isEmpty()) {
        continue;
      }
      int sep = s.indexOf(':') >= 0 ? s.indexOf(':') : s.indexOf('=');
      if (sep <= 0 || sep == s.length() - 1) {
        throw new IllegalArgumentException("'" + s + "' is not name:value");
      }
      out.put(s.substring(0, sep).trim(), s.substring(sep + 1).trim());
    }
    return out;
  }
}
