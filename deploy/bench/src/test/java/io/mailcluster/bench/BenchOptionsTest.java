package io.mailcluster.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsAndEndpoints() {
    BenchOptions o = BenchOptions.parse("--smtp", "127.0.0.1:2525,127.0.0.2:2525",
        "--admin", "http://127.0.0.1:8080,http://127.0.0.2:8080");
    assertEquals(2, o.smtp().size());
    assertEquals("127.0.0.2", o.smtp().get(1).getHostString());
    assertEquals(2525, o.smtp().get(1).getPort());
    assertEquals(List.of(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.2:8080")), o.admin());
    assertEquals(1, o.senders());
    assertEquals(1000, o.warmup());
    assertEquals(10_240, o.size());
    assertEquals(100, o.mailboxes());
    assertFalse(o.setupOnly());
    assertEquals("bench-1@bench.test", o.mailbox(0));
  }

  @Test
  void userOptions() {
    BenchOptions o = BenchOptions.parse("--smtp", "h:1", "--senders", "20", "--messages", "500",
        "--warmup", "0", "--per-connection", "5", "--size", "4096", "--one-mailbox", "--domain", "b.test",
        "--setup-only");
    assertEquals(20, o.senders());
    assertEquals(500, o.messages());
    assertEquals(0, o.warmup());
    assertEquals(5, o.perConnection());
    assertEquals(4096, o.size());
    assertEquals(1, o.mailboxes());
    assertEquals("bench-3@b.test", o.mailbox(2));
    assertTrue(o.setupOnly());
  }

  @Test
  void badInputIsAUsageError() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--senders", "2"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--smtp", "h:1", "--senders", "0"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--smtp", "h:1", "--senders", "x"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--smtp", "h:1", "--senders"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--smtp", "h:1", "--nope", "1"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--smtp", "nocolon"));
  }
}
