package io.meseta.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourcesTest {

  @Test
  void parseAndFormatRoundTrip() {
    String text = "cpus:4.5;disk:100;mem:8192;ports:[80,31000-32000]";
    Resources r = Resources.parse(text);
    assertEquals(4.5, r.cpus());
    assertEquals(8192, r.mem());
    assertEquals(100, r.disk());
    assertEquals(RangeSet.of(new Range(80, 80), new Range(31000, 32000)), r.ports());
    assertEquals(text, r.toString());
    assertEquals(r, Resources.parse(r.toString()));
  }

  @Test
  void parseIgnoresSpacesAndEmptyItemsAndNamesAreSorted() {
    Resources r = Resources.parse(" mem : 1024 ; ; cpus:0.25 ;");
    assertEquals(Resources.cpusMem(0.25, 1024), r);
    assertEquals("cpus:0.25;mem:1024", r.toString());
    assertEquals(Resources.EMPTY, Resources.parse(""));
  }

  @Test
  void plusMinusContains() {
    Resources a = Resources.parse("cpus:2;mem:1024;ports:[100-199]");
    Resources b = Resources.parse("cpus:1;mem:512;ports:[150-160]");
    assertTrue(a.contains(b));
    assertFalse(b.contains(a));
    Resources left = a.minus(b);
    assertEquals(Resources.parse("cpus:1;mem:512;ports:[100-149,161-199]"), left);
    assertEquals(a, left.plus(b));
    assertEquals(Resources.EMPTY, a.minus(a));
    assertTrue(a.minus(a).isEmpty());
  }

  @Test
  void minusOfSomethingNotContainedIsRejected() {
    Resources a = Resources.cpusMem(1, 100);
    InvalidResourcesException e = assertThrows(InvalidResourcesException.class,
        () -> a.minus(Resources.cpusMem(2, 100)));
    assertTrue(e.getMessage().contains("not contained"), e.getMessage());
  }

  @Test
  void minusAtMostStopsAtZero() {
    Resources a = Resources.parse("cpus:1;mem:100;ports:[1-10]");
    Resources b = Resources.parse("cpus:3;disk:5;ports:[5-20]");
    assertEquals(Resources.parse("mem:100;ports:[1-4]"), a.minusAtMost(b));
  }

  @Test
  void fixedPointAdditionDoesNotDrift() {
    Resources tenth = Resources.builder().scalar(Resources.CPUS, 0.1).build();
    Resources sum = Resources.EMPTY;
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(tenth);
    }
    assertEquals(Resources.builder().scalar(Resources.CPUS, 1).build(), sum);
    assertEquals(1.0, sum.cpus());
    for (int i = 0; i < 10; i++) {
      sum = sum.minus(tenth);
    }
    assertEquals(Resources.EMPTY, sum);
  }

  @Test
  void zeroAmountsAreDroppedSoEqualBagsAreEqual() {
    Resources a = Resources.builder().scalar(Resources.CPUS, 1).scalar(Resources.GPUS, 0).build();
    assertEquals(Resources.builder().scalar(Resources.CPUS, 1).build(), a);
    assertEquals(a.hashCode(), Resources.parse("cpus:1").hashCode());
  }

  @Test
  void rejectsNegativeNanAndInfiniteAmountsNamingTheResource() {
    assertMessage(() -> Resources.builder().scalar("cpus", -1), "cpus", "negative");
    assertMessage(() -> Resources.builder().scalar("mem", Double.NaN), "mem", "non-finite");
    assertMessage(() -> Resources.builder().scalar("disk", Double.POSITIVE_INFINITY), "disk", "non-finite");
    assertMessage(() -> Resources.parse("cpus:-2"), "cpus", "negative");
    assertMessage(() -> Resources.parse("mem:NaN"), "mem", "non-finite");
    assertMessage(() -> Resources.parse("mem:Infinity"), "mem", "non-finite");
  }

  @Test
  void rejectsBadTextNamingTheProblem() {
    assertMessage(() -> Resources.parse("cpus"), "cpus", "expected name:amount");
    assertMessage(() -> Resources.parse("cpus:four"), "cpus", "not a number");
    assertMessage(() -> Resources.parse("ports:[1-5"), "ports", "missing ']'");
    assertMessage(() -> Resources.parse("ports:[a-5]"), "ports", "not an integer");
    assertMessage(() -> Resources.parse("ports:[9-5]"), "9-5", "first <= last");
    assertMessage(() -> Resources.parse("CPUS:1"), "CPUS", "invalid resource name");
    assertMessage(() -> Resources.parse("ports:1;ports:[1-2]"), "ports", "both");
    assertThrows(InvalidResourcesException.class, () -> Resources.parse(null));
  }

  @Test
  void addingAScalarToRangesOfTheSameNameIsRejected() {
    Resources scalar = Resources.parse("ports:3");
    Resources ranges = Resources.parse("ports:[1-2]");
    assertMessage(() -> scalar.plus(ranges), "ports", "cannot add");
    assertMessage(() -> ranges.plus(scalar), "ports", "cannot add");
  }

  @Test
  void dominantShareIsTheLargestFraction() {
    Resources total = Resources.parse("cpus:10;mem:1000;ports:[1-100]");
    assertEquals(0.5, Resources.parse("cpus:5;mem:100").dominantShare(total), 1e-12);
    assertEquals(0.6, Resources.parse("cpus:1;mem:600").dominantShare(total), 1e-12);
    assertEquals(0.25, Resources.parse("cpus:1;ports:[1-25]").dominantShare(total), 1e-12);
    assertEquals(0.0, Resources.parse("gpus:3").dominantShare(total));
    assertEquals(0.0, Resources.EMPTY.dominantShare(total));
  }

  private static void assertMessage(Runnable r, String... fragments) {
    InvalidResourcesException e = assertThrows(InvalidResourcesException.class, r::run);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
  }
}
