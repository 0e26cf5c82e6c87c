package io.meseta.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The text form of {@link Resources}: {@code cpus:4;mem:8192;ports:[31000-32000,33000-33010]}. */
final class ResourcesText {
  private ResourcesText() {}

  static Resources parse(String text) {
    if (text == null) {
      throw new InvalidResourcesException("resources must not be null");
    }
    Resources.Builder b = Resources.builder();
    for (String part : text.split(";")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      if (colon <= 0 || colon == item.length() - 1) {
        throw new InvalidResourcesException("cannot parse resource '" + item + "': expected name:amount or name:[a-b]");
      }
      String name = item.substring(0, colon).trim();
      String value = item.substring(colon + 1).trim();
      if (value.startsWith("[")) {
        if (!value.endsWith("]")) {
          throw new InvalidResourcesException("cannot parse ranges of '" + name + "': missing ']' in " + value);
        }
        b.ranges(name, parseRanges(name, value.substring(1, value.length() - 1)));
      } else {
        double amount;
        try {
          amount = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new InvalidResourcesException("cannot parse amount of '" + name + "': '" + value + "' is not a number");
        }
        b.scalar(name, amount);
      }
    }
    return b.build();
  }

  private static RangeSet parseRanges(String name, String body) {
    List<Range> out = new ArrayList<>();
    for (String r : body.split(",")) {
      String s = r.trim();
      if (s.isEmpty()) {
        continue;
      }
      String[] ends = s.split("-", -1);
      try {
        if (ends.length == 1) {
          long v = Long.parseLong(ends[0].trim());
          out.add(new Range(v, v));
        } else if (ends.length == 2) {
          out.add(new Range(Long.parseLong(ends[0].trim()), Long.parseLong(ends[1].trim())));
        } else {
          throw new InvalidResourcesException("cannot parse range '" + s + "' of '" + name + "'");
        }
      } catch (NumberFormatException e) {
        throw new InvalidResourcesException("cannot parse range '" + s + "' of '" + name + "': not an integer");
      }
    }
    return RangeSet.of(out);
  }

  static String format(Resources r) {
    StringJoiner j = new StringJoiner(";");
    for (String name : r.names()) {
      if (r.scalarNames().contains(name)) {
        j.add(name + ":" + formatAmount(r.scalar(name)));
      } else {
        StringJoiner rs = new StringJoiner(",", "[", "]");
        r.ranges(name).ranges().forEach(x -> rs.add(x.first() == x.last() ? Long.toString(x.first()) : x.toString()));
        j.add(name + ":" + rs);
      }
    }
    return j.toString();
  }

  private static String formatAmount(double v) {
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    String s = String.format(java.util.Locale.ROOT, "%.3f", v);
    return s.replaceAll("0+$", "");
  }
}
