package io.meseta.batch.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node of a parsed spec with its path ({@code stages[1].task.resources}), for reading fields
 * strictly: every problem (unknown field, wrong type, bad duration) is added to a shared list with
 * its path, and reading carries on, so that one run reports all of them.
 */
final class SpecNode {
  private final JsonNode node;
  private final String path;
  private final List<String> problems;

  SpecNode(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  /** Whether this is an object; if not, a problem is recorded. Unknown fields are problems too. */
  boolean object(Set<String> known) {
    if (node == null || !node.isObject()) {
      problems.add(where() + "must be a mapping of fields, got " + describe(node));
      return false;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        problems.add("unknown field '" + field + "' " + at() + "(known fields: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
    return true;
  }

  boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  SpecNode child(String field) {
    return new SpecNode(node.get(field), path.isEmpty() ? field : path + "." + field, problems);
  }

  Optional<String> text(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode v = node.get(field);
    if (!v.isValueNode() || v.isBinary()) {
      problems.add(child(field).where() + "must be a text value, got " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.asText());
  }

  Optional<String> requiredText(String field) {
    if (!has(field)) {
      problems.add("missing field '" + field + "' " + at());
    }
    return text(field);
  }

  Optional<Double> number(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode v = node.get(field);
    if (!v.isNumber()) {
      problems.add(child(field).where() + "must be a number, got " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.asDouble());
  }

  Optional<Integer> integer(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode v = node.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      problems.add(child(field).where() + "must be a whole number, got " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.asInt());
  }

  Optional<Boolean> bool(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      problems.add(child(field).where() + "must be true or false, got " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v.asBoolean());
  }

  /** A duration, see {@link Durations}. */
  Optional<Duration> duration(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode v = node.get(field);
    Optional<Duration> d = v.isValueNode() ? Durations.parse(v.asText()) : Optional.empty();
    if (d.isEmpty()) {
      problems.add(child(field).where() + "must be a duration such as 500ms, 30s, 5m or 1h, got " + describe(v));
    }
    return d;
  }

  /** A list of text values; a single text value counts as a list of one. */
  List<String> texts(String field) {
    List<String> out = new ArrayList<>();
    if (!has(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (v.isValueNode()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      problems.add(child(field).where() + "must be a list of text values, got " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isValueNode() || v.get(i).isNull()) {
        problems.add(child(field).path + "[" + i + "]: must be a text value, got " + describe(v.get(i)));
      } else {
        out.add(v.get(i).asText());
      }
    }
    return out;
  }

  /** The elements of a list field, each with its own path. */
  List<SpecNode> list(String field) {
    List<SpecNode> out = new ArrayList<>();
    if (!has(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      problems.add(child(field).where() + "must be a list, got " + describe(v));
      return out;
    }
    String p = child(field).path;
    for (int i = 0; i < v.size(); i++) {
      out.add(new SpecNode(v.get(i), p + "[" + i + "]", problems));
    }
    return out;
  }

  /** A mapping of names to text values ({@code env}). */
  Map<String, String> textMap(String field) {
    Map<String, String> out = new TreeMap<>();
    if (!has(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (!v.isObject()) {
      problems.add(child(field).where() + "must be a mapping of names to values, got " + describe(v));
      return out;
    }
    v.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        problems.add(child(field).path + "." + e.getKey() + ": must be a text value, got " + describe(e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    });
    return out;
  }

  void problem(String message) {
    problems.add(where() + message);
  }

  private String where() {
    return path.isEmpty() ? "" : path + ": ";
  }

  private String at() {
    return path.isEmpty() ? "at the top level " : "in " + path + " ";
  }

  private static String describe(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return "'" + v.asText() + "'";
  }
}
