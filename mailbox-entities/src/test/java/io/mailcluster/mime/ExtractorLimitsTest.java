package io.mailcluster.mime;

import static io.mailcluster.mime.Fixtures.DEFAULTS;
import static io.mailcluster.mime.Fixtures.extract;
import static io.mailcluster.mime.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.testing.LogCapturing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each limit of mail-cluster.mime truncates the metadata and never rejects the message. */
@ExtendWith(LogCapturing.class)
class ExtractorLimitsTest {

  private static MimeSettings limits(int depth, int parts, int fields, int headerBytes, int lineLength) {
    return new MimeSettings(depth, parts, fields, headerBytes, lineLength, Duration.ofSeconds(5));
  }

  /** Multiparts nested {@code levels} deep, a text part at the bottom. */
  static byte[] nested(int levels) {
    StringBuilder head = new StringBuilder("Subject: deep\r\n");
    StringBuilder tail = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      head.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n")
          .append("--b").append(i).append("\r\n");
      tail.insert(0, "\r\n--b" + i + "--\r\n");
    }
    head.append("Content-Type: text/plain\r\n\r\nthe bottom");
    return (head.toString() + tail).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void nestingDeeperThanTheLimitIsCutAndMarkedTruncated() {
    byte[] message = nested(40);
    MessageMetadata m = extract(message, limits(20, 1000, 500, 65536, 65536));
    assertTrue(m.truncated());
    assertEquals(20, Fixtures.depth(m.body()));
    assertEquals(message.length, m.size());
    assertTrue(m.offsetsExact(), "parts left out still count in the offsets");
    BodyStructure deepest = m.body();
    while (!deepest.parts().isEmpty()) {
      deepest = deepest.parts().get(0);
    }
    assertTrue(deepest.truncated());
  }

  @Test
  void nestingWithinTheLimitIsKeptWhole() {
    byte[] message = nested(10);
    MessageMetadata m = extract(message, DEFAULTS);
    assertFalse(m.truncated());
    assertEquals(11, Fixtures.depth(m.body()));
    BodyStructure bottom = m.body();
    while (!bottom.parts().isEmpty()) {
      bottom = bottom.parts().get(0);
    }
    assertEquals("the bottom", slice(message, bottom.offsets().bodyStart(), bottom.offsets().bodyEnd()));
    assertTrue(m.offsetsExact());
  }

  @Test
  void partsBeyondTheLimitAreLeftOutButTheRestIsMeasured() {
    StringBuilder s = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
    for (int i = 0; i < 6; i++) {
      s.append("--p\r\n\r\npart ").append(i).append("\r\n");
    }
    s.append("--p--\r\n");
    byte[] message = s.toString().getBytes(StandardCharsets.US_ASCII);
    MessageMetadata m = extract(message, limits(20, 3, 500, 65536, 65536));
    assertEquals(3, m.body().parts().size());
    assertTrue(m.body().truncated());
    assertTrue(m.truncated());
    assertEquals(message.length, m.body().offsets().bodyEnd());
  }

  @Test
  void headerFieldsBeyondTheLimitAreNotKept() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      s.append("X-Trace-").append(i).append(": hop ").append(i).append("\r\n");
    }
    s.append("Subject: late\r\n\r\nbody\r\n");
    MessageMetadata m = extract(s.toString().getBytes(StandardCharsets.US_ASCII), limits(20, 1000, 10, 65536, 65536));
    assertEquals(10, m.headers().size());
    assertTrue(m.headersTruncated());
    assertEquals(null, m.subject(), "fields past the limit are not read");
    assertTrue(m.offsetsExact());
  }

  @Test
  void headerBytesBeyondTheLimitAreNotKept() {
    String message = "Subject: " + "s".repeat(100) + "\r\nTo: a@example.com\r\nCc: b@example.com\r\n\r\nbody";
    MessageMetadata m = extract(message.getBytes(StandardCharsets.US_ASCII), limits(20, 1000, 500, 120, 65536));
    assertEquals(1, m.headers().size());
    assertTrue(m.headersTruncated());
    assertEquals("a", m.envelope().to().get(0).mailbox(), "the envelope still sees every field");
  }

  @Test
  void headerLineLongerThanTheLimitEndsTheParseWithoutFailing() {
    String message = "Subject: ok\r\nTo: a@example.com\r\nX-Long: " + "x".repeat(5000) + "\r\n\r\nbody\r\n";
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    MessageMetadata m = extract(bytes, limits(20, 1000, 500, 65536, 1000));
    assertTrue(m.truncated());
    assertEquals(bytes.length, m.size());
    assertEquals("ok", m.subject());
    assertFalse(m.offsetsExact());
  }
}
