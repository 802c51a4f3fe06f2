package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets a protocol error, never an exception: valid commands with random octets
 * changed, dropped or repeated, fed in random pieces. The seeds are fixed so a failure
 * repeats.
 */
class CommandDecoderRobustnessTest {

  private static final List<String> SEEDS = List.of(
      "a1 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n",
      "a2 APPEND INBOX (\\Seen) \" 1-Feb-2024 10:20:30 +0100\" {5+}\r\nhello\r\n",
      "a3 UID FETCH 1:*,7 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100> BINARY[1]) (CHANGEDSINCE 5 VANISHED)\r\n",
      "a4 SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM x SINCE 1-Feb-2024) NOT UID 1:5 MODSEQ \"/flags/x\" all 7\r\n",
      "a5 SELECT INBOX (QRESYNC (1 2 1:9 (1:3 10,20,30)))\r\n",
      "a6 LIST (SUBSCRIBED) \"\" (INBOX* %) RETURN (STATUS (MESSAGES))\r\n",
      "a7 UID STORE 1 (UNCHANGEDSINCE 3) +FLAGS.SILENT (\\Seen)\r\n",
      "a8 ID (\"name\" NIL)\r\na9 APPEND INBOX ~{3}\r\nabc\r\n");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void neverThrowsOnMangledInput(long seed) {
    Random random = new Random(seed);
    ImapSettings settings = new ImapSettings(128, 1000, 16, 4);
    for (int round = 0; round < 500; round++) {
      byte[] input = mangle(random, SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8));
      CommandDecoder decoder = new CommandDecoder(settings);
      int off = 0;
      while (off < input.length) {
        int len = 1 + random.nextInt(Math.min(40, input.length - off));
        decoder.feed(ByteString.fromArray(input, off, len));
        off += len;
        DecoderResult r;
        while (!((r = decoder.next()) instanceof DecoderResult.NeedMore)) {
          assertTrue(decoder.bufferedOctets() <= 128 * 2 + 40, "bounded");
          if (r instanceof DecoderResult.Decoded d && d.command() instanceof ImapCommand.Authenticate) {
            decoder.expectContinuationLine();
          }
        }
      }
    }
  }

  /** Octets that matter to the grammar, plus NUL and a non-ASCII one. */
  private static final byte[] SPECIALS =
      "(){}[]<>\" \\*%$+~:.,-0123456789\r\nAZaz\0\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  private static byte[] mangle(Random random, byte[] input) {
    byte[] out = input.clone();
    int changes = 1 + random.nextInt(4);
    for (int i = 0; i < changes; i++) {
      int at = random.nextInt(out.length);
      int what = random.nextInt(3);
      if (what == 0) {
        out[at] = SPECIALS[random.nextInt(SPECIALS.length)];
      } else if (what == 1) {
        byte[] shorter = new byte[out.length - 1];
        System.arraycopy(out, 0, shorter, 0, at);
        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
        out = shorter.length == 0 ? out : shorter;
      } else {
        byte[] longer = new byte[out.length + 1];
        System.arraycopy(out, 0, longer, 0, at + 1);
        System.arraycopy(out, at, longer, at + 1, out.length - at);
        out = longer;
      }
    }
    return out;
  }
}
