package io.mailcluster.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTextTest {

  @Test
  void everySizeGivesExactlyThatManyOctetsOfCrlfLinesWithoutLeadingDots() {
    for (int size = 130; size < 600; size++) {
      String text = new String(MessageText.of(size, "a@x.test", "b@y.test", "s1"), StandardCharsets.US_ASCII);
      assertEquals(size, text.length());
      assertTrue(text.startsWith("From: a@x.test\r\nTo: b@y.test\r\nSubject: s1\r\n"), text);
      assertTrue(text.endsWith("\r\n"), "size " + size);
      assertFalse(text.contains("\n."), "size " + size);
      String withoutCrlf = text.replace("\r\n", "");
      assertFalse(withoutCrlf.contains("\r") || withoutCrlf.contains("\n"), "bare CR or LF at size " + size);
    }
  }

  @Test
  void tenKilobytes() {
    assertEquals(10_240, MessageText.of(10_240, "a@x.test", "b@y.test", "run-1").length);
  }
}
