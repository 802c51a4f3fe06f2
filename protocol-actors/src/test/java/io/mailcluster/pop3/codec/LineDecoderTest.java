package io.mailcluster.pop3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineDecoderTest {

  record Case(String name, byte[] input, int limit, List<LineDecoder.Line> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static LineDecoder.Line text(String t) {
    return new LineDecoder.Line.Text(t);
  }

  static List<Case> cases() {
    return List.of(
        new Case("one line", bytes("STAT\r\n"), 32, List.of(text("STAT"))),
        new Case("pipelined", bytes("USER a\r\nPASS b c\r\nSTAT\r\n"), 32,
            List.of(text("USER a"), text("PASS b c"), text("STAT"))),
        new Case("bare LF ends a line too", bytes("NOOP\nSTAT\r\n"), 32,
            List.of(text("NOOP"), text("STAT"))),
        new Case("a CR inside a line stays", bytes("PASS a\rb\r\n"), 32, List.of(text("PASS a\rb"))),
        new Case("incomplete line waits", bytes("STAT\r\nLIS"), 32, List.of(text("STAT"))),
        new Case("exactly the limit", bytes("12345678\r\n"), 10, List.of(text("12345678"))),
        new Case("one over the limit", bytes("123456789\r\nSTAT\r\n"), 10,
            List.of(new LineDecoder.Line.TooLong(), text("STAT"))),
        new Case("far over the limit", bytes("x".repeat(500) + "\r\nSTAT\r\n"), 10,
            List.of(new LineDecoder.Line.TooLong(), text("STAT"))),
        new Case("UTF-8 password", bytes("PASS gr\u00fc\u00dfe\r\n"), 32, List.of(text("PASS gr\u00fc\u00dfe"))),
        new Case("not UTF-8", new byte[] {'P', 'A', 'S', 'S', ' ', (byte) 0xff, '\r', '\n'}, 32,
            List.of(new LineDecoder.Line.NotUtf8())),
        new Case("empty line", bytes("\r\n"), 32, List.of(text(""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesTheSameLinesWhereverTheInputIsSplit(Case c) {
    for (int split = 0; split <= c.input().length; split++) {
      assertEquals(c.expected(), decode(c.limit(), c.input(), split), c.name() + " split at " + split);
    }
    assertEquals(c.expected(), decodeByteByByte(c.limit(), c.input()), c.name() + " byte by byte");
  }

  private static List<LineDecoder.Line> decode(int limit, byte[] input, int split) {
    LineDecoder decoder = new LineDecoder(limit);
    List<LineDecoder.Line> lines = new ArrayList<>();
    feed(decoder, ByteString.fromArray(input, 0, split), lines);
    feed(decoder, ByteString.fromArray(input, split, input.length - split), lines);
    return lines;
  }

  private static List<LineDecoder.Line> decodeByteByByte(int limit, byte[] input) {
    LineDecoder decoder = new LineDecoder(limit);
    List<LineDecoder.Line> lines = new ArrayList<>();
    for (byte b : input) {
      feed(decoder, ByteString.fromArray(new byte[] {b}), lines);
    }
    return lines;
  }

  private static void feed(LineDecoder decoder, ByteString chunk, List<LineDecoder.Line> lines) {
    decoder.feed(chunk);
    LineDecoder.Line line;
    while ((line = decoder.next()) != null) {
      lines.add(line);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
