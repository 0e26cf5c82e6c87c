package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupNameTest {
  @Test
  void keepsTheIdAlphabetAndEscapesTheRest() {
    assertEquals("fw-1%2Ftask.2:a_b", GroupName.of("fw-1/task.2:a_b"));
    assertEquals("%2E.", GroupName.of(".."));
    assertEquals("a%20b%25%C3%A9", GroupName.of("a b%é"));
  }

  @Test
  void distinctIdsGiveDistinctNamesEvenWhenShortened() {
    assertNotEquals(GroupName.of("a/b"), GroupName.of("a%2Fb"));
    String fw = "f".repeat(255);
    String a = GroupName.of(fw + "/" + "t".repeat(200) + "1");
    String b = GroupName.of(fw + "/" + "t".repeat(200) + "2");
    assertNotEquals(a, b);
    assertTrue(a.length() <= GroupName.MAX, a);
  }
}
