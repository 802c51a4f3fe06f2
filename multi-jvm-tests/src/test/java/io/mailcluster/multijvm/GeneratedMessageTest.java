package io.mailcluster.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeneratedMessageTest {

  @Test
  void hasExactlyTheAskedSizeAndNeedsNoDotStuffing() throws Exception {
    java.util.List<Long> sizes = new java.util.ArrayList<>(java.util.List.of(77_777L, 1_048_576L));
    for (long size = 120; size < 400; size++) {
      sizes.add(size);
    }
    for (long size : sizes) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new GeneratedMessage(size, "s" + size).transferTo(out);
      String text = out.toString(StandardCharsets.US_ASCII);
      assertEquals(size, text.length());
      assertTrue(text.startsWith("From: big-sender@remote.test\r\n"), text);
      assertTrue(text.contains("\r\nSubject: s" + size + "\r\n"));
      assertTrue(text.endsWith("\r\n"));
      assertFalse(text.contains("\n."), "a line starting with a dot would be stuffed");
      assertFalse(text.replace("\r\n", "").contains("\r") || text.replace("\r\n", "").contains("\n"),
          "only CRLF line endings");
      assertTrue(text.lines().allMatch(line -> line.length() <= 998), "RFC 5322 line length");
    }
  }

  @Test
  void bulkAndSingleOctetReadsAgree() throws Exception {
    GeneratedMessage bulk = new GeneratedMessage(5_000, "same");
    GeneratedMessage single = new GeneratedMessage(5_000, "same");
    byte[] buffer = new byte[333];
    int n;
    while ((n = bulk.read(buffer, 0, buffer.length)) > 0) {
      for (int k = 0; k < n; k++) {
        assertEquals(buffer[k] & 0xff, single.read());
      }
    }
    assertEquals(-1, single.read());
  }
}
