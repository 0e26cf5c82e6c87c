package io.meseta.protocol.codec;

import io.meseta.core.resources.InvalidResourcesException;
import io.meseta.core.resources.Range;
import io.meseta.core.resources.RangeSet;
import io.meseta.core.resources.Resources;
import io.meseta.protocol.thrift.Attribute;
import io.meseta.protocol.thrift.Resource;
import io.meseta.protocol.thrift.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Converts resources and attributes between the wire and core types. */
public final class ResourceCodec {
  private ResourceCodec() {}

  /**
   * @throws InvalidResourcesException when an entry is malformed (no amount, both amount and
   *         ranges, negative or non-finite amount, bad range); the message names the entry
   */
  public static Resources fromWire(List<Resource> wire) {
    Resources.Builder b = Resources.builder();
    if (wire == null) {
      return Resources.EMPTY;
    }
    for (Resource r : wire) {
      if (r == null || r.getName() == null) {
        throw new InvalidResourcesException("a resource has no name");
      }
      boolean scalar = r.isSetScalar();
      boolean ranges = r.isSetRanges();
      if (scalar == ranges) {
        throw new InvalidResourcesException("resource '" + r.getName()
            + "' must have exactly one of scalar or ranges");
      }
      if (scalar) {
        b.scalar(r.getName(), r.getScalar());
      } else {
        List<Range> rs = new ArrayList<>();
        for (ValueRange v : r.getRanges()) {
          rs.add(new Range(v.getFirst(), v.getLast()));
        }
        b.ranges(r.getName(), RangeSet.of(rs));
      }
    }
    return b.build();
  }

  public static List<Resource> toWire(Resources resources) {
    List<Resource> out = new ArrayList<>();
    for (String name : resources.names()) {
      Resource r = new Resource().setName(name);
      if (resources.scalarNames().contains(name)) {
        r.setScalar(resources.scalar(name));
      } else {
        List<ValueRange> rs = new ArrayList<>();
        for (Range range : resources.ranges(name).ranges()) {
          rs.add(new ValueRange(range.first(), range.last()));
        }
        r.setRanges(rs);
      }
      out.add(r);
    }
    return out;
  }

  public static SortedMap<String, String> attributesFromWire(List<Attribute> wire) {
    SortedMap<String, String> out = new TreeMap<>();
    if (wire != null) {
      for (Attribute a : wire) {
        if (a.getName() == null || a.getName().isBlank()) {
          throw new IllegalArgumentException("an attribute has no name");
        }
        out.put(a.getName(), a.getValue() == null ? "" : a.getValue());
      }
    }
    return out;
  }

  public static List<Attribute> attributesToWire(Map<String, String> attributes) {
    List<Attribute> out = new ArrayList<>();
    new TreeMap<>(attributes).forEach((k, v) -> out.add(new Attribute(k, v)));
    return out;
  }
}
