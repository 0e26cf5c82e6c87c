package io.meseta.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The leader record's JSON form, and one-line errors for anything else. */
class LeaderInfoTest {

  @Test
  void aRecordSurvivesTheRoundTrip() {
    LeaderInfo info = new LeaderInfo("m1", 5050, "M-1");
    assertEquals(info, LeaderInfo.fromBytes(info.toBytes()));
    assertEquals("{\"host\":\"m1\",\"port\":5050,\"masterId\":\"M-1\"}",
        new String(info.toBytes(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "''                                | it is empty",
      "not json                          | Unrecognized token",
      "{\"port\":5050,\"masterId\":\"x\"} | not a Meseta leader record",
      "[1,2]                             | not a Meseta leader record",
  })
  void anythingElseIsRejectedOnOneLine(String text, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LeaderInfo.fromBytes(text.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
