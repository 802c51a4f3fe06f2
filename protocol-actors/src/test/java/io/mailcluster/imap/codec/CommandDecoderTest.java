package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Framing, literals and limits; limits here: line 128, message 1000, {n+} 16, nesting 4. */
class CommandDecoderTest {

  private static final String X200 = "x".repeat(200);
  private static final String APPEND_HEAD =
      "AppendStart Append[tag=a1, mailbox=INBOX, flags=[], internalDate=Optional.empty, ";

  static Stream<Arguments> frames() {
    return Stream.of(
        Arguments.of("oneCommand", "a1 NOOP\r\n", List.of("Noop[tag=a1]")),
        Arguments.of("pipelined", "a1 NOOP\r\na2 CAPABILITY\r\n", List.of("Noop[tag=a1]", "Capability[tag=a2]")),
        Arguments.of("bareLfEndsALine", "a1 NOOP\na2 LOGOUT\n", List.of("Noop[tag=a1]", "Logout[tag=a2]")),
        Arguments.of("incompleteLineWaits", "a1 NOOP\r\na2 NO", List.of("Noop[tag=a1]")),
        Arguments.of("syncLiteralsAskForContinuation", "a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n",
            List.of("+ a1", "+ a1", "Login[tag=a1, user=alice]")),
        Arguments.of("nonSyncLiteralsDoNotAsk", "a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\n",
            List.of("Login[tag=a1, user=alice]")),
        Arguments.of("literalMayHoldLineEnds", "a1 SEARCH BODY {4+}\r\na\r\nb UNSEEN\r\n",
            List.of("Search[tag=a1, uid=false, charset=Optional.empty, returnOptions=Optional.empty, "
                + "key=And[keys=[Body[value=a\r\nb], Flag[flag=\\Seen, set=false]]]]")),
        Arguments.of("literalLooksLikeAMarker", "a1 LOGIN {5+}\r\n{1}\r\n x\r\n",
            List.of("Login[tag=a1, user={1}\r\n]")),
        Arguments.of("emptyLiteral", "a1 LOGIN {0+}\r\n x\r\n", List.of("Login[tag=a1, user=]")),
        Arguments.of("appendStreamsTheMessage", "a1 APPEND INBOX {5}\r\nhello\r\na2 NOOP\r\n",
            List.of(APPEND_HEAD + "size=5, binary=false, synchronizing=true]", "message hello", "AppendEnd a1",
                "Noop[tag=a2]")),
        Arguments.of("appendWithFlagsAndDate",
            "a1 APPEND Drafts (\\Seen \\Draft) \" 1-Feb-2024 10:20:30 +0100\" {3+}\r\nabc\r\n",
            List.of("AppendStart Append[tag=a1, mailbox=Drafts, flags=[\\Seen, \\Draft], "
                + "internalDate=Optional[2024-02-01T10:20:30+01:00], size=3, binary=false, synchronizing=false]",
                "message abc", "AppendEnd a1")),
        Arguments.of("appendLiteral8", "a1 APPEND INBOX ~{3}\r\na{}\r\n",
            List.of(APPEND_HEAD + "size=3, binary=true, synchronizing=true]", "message a{}", "AppendEnd a1")),
        Arguments.of("appendMailboxAsLiteral", "a1 APPEND {5}\r\ninbox {3}\r\nabc\r\n",
            List.of("+ a1", APPEND_HEAD + "size=3, binary=false, synchronizing=true]", "message abc",
                "AppendEnd a1")),
        Arguments.of("appendEmptyMessage", "a1 APPEND INBOX {0}\r\n\r\n",
            List.of(APPEND_HEAD + "size=0, binary=false, synchronizing=true]", "message ", "AppendEnd a1")),
        Arguments.of("appendMessageMarkersAreContent", "a1 APPEND INBOX {9+}\r\nx {2+}\r\n.\r\n",
            List.of(APPEND_HEAD + "size=9, binary=false, synchronizing=false]", "message x {2+}\r\n.",
                "AppendEnd a1")),
        Arguments.of("textAfterAppendMessage", "a1 APPEND INBOX {1+}\r\nx FOO\r\na2 NOOP\r\n",
            List.of(APPEND_HEAD + "size=1, binary=false, synchronizing=false]", "message x", "Failed a1 SYNTAX",
                "Noop[tag=a2]")),
        Arguments.of("multiAppendRefusedAndSkipped", "a1 APPEND INBOX {1+}\r\nx {3+}\r\nabc\r\na2 NOOP\r\n",
            List.of(APPEND_HEAD + "size=1, binary=false, synchronizing=false]", "message x", "Failed a1 SYNTAX",
                "Noop[tag=a2]")),
        Arguments.of("appendWithoutLiteral", "a1 APPEND INBOX\r\n", List.of("Failed a1 SYNTAX")),
        Arguments.of("appendBadDateRefusedBeforeTheMessage", "a1 APPEND INBOX \"1-Feb-2024\" {3}\r\na2 NOOP\r\n",
            List.of("Failed a1 SYNTAX", "Noop[tag=a2]")),
        Arguments.of("appendBadFlagsSkipsNonSyncMessage", "a1 APPEND INBOX (\\Seen {3+}\r\nabc\r\na2 NOOP\r\n",
            List.of("Failed a1 SYNTAX", "Noop[tag=a2]")),
        Arguments.of("appendNestedFlagList", "a1 APPEND INBOX ((x)) {3}\r\n", List.of("Failed a1 SYNTAX")),
        Arguments.of("doneEndsIdle", "a1 IDLE\r\nDONE\r\n", List.of("Idle[tag=a1]", "Done[tag=]")),
        Arguments.of("saslResponseIsALine", "a1 AUTHENTICATE PLAIN\r\nAGFAYg==\r\na2 NOOP\r\n",
            List.of("Authenticate[tag=a1, mechanism=PLAIN]", "line AGFAYg==", "Noop[tag=a2]")),
        Arguments.of("emptyLine", "\r\na1 NOOP\r\n", List.of("Failed * SYNTAX", "Noop[tag=a1]")),
        Arguments.of("plusIsNoTag", "+ NOOP\r\n", List.of("Failed * SYNTAX")),
        Arguments.of("unknownCommand", "a1 FROB\r\n", List.of("Failed a1 SYNTAX")),
        Arguments.of("literal8OnlyForAppend", "a1 LOGIN ~{3}\r\na1 NOOP\r\n", List.of("Failed a1 SYNTAX",
            "Noop[tag=a1]")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void frames(String name, String input, List<String> expected) {
    assertEquals(expected, Decoding.everySplit(Decoding.SETTINGS, input));
  }

  /** Each limit refused with the tag, and the next command read normally. */
  static Stream<Arguments> limits() {
    String atLimit = "a1 LOGIN u " + "p".repeat(128 - 13) + "\r\n"; // 128 octets with CRLF
    return Stream.of(
        Arguments.of("lineAtTheLimit", atLimit, List.of("Login[tag=a1, user=u]")),
        Arguments.of("lineOneOverTheLimit", atLimit.replace("u ", "uu "), List.of("Failed a1 LINE_TOO_LONG")),
        Arguments.of("lineFarOverTheLimit", "a1 " + X200 + "\r\na2 NOOP\r\n",
            List.of("Failed a1 LINE_TOO_LONG", "Noop[tag=a2]")),
        Arguments.of("longTagIsStillKnown", "a1" + X200 + "\r\na2 NOOP\r\n",
            List.of("Failed * LINE_TOO_LONG", "Noop[tag=a2]")),
        Arguments.of("linesOfOneCommandAddUp", "a1 LOGIN {2+}\r\nab " + "y".repeat(120) + "\r\na2 NOOP\r\n",
            List.of("Failed a1 LINE_TOO_LONG", "Noop[tag=a2]")),
        Arguments.of("overlongLineEndingInNonSyncLiteral", "a1 LOGIN " + X200 + " {3+}\r\na\nb x\r\na2 NOOP\r\n",
            List.of("Failed a1 LINE_TOO_LONG", "Noop[tag=a2]")),
        Arguments.of("overlongLineEndingInSyncLiteral", "a1 LOGIN " + X200 + " {3}\r\na2 NOOP\r\n",
            List.of("Failed a1 LINE_TOO_LONG", "Noop[tag=a2]")),
        Arguments.of("syncLiteralTooBig", "a1 LOGIN {200}\r\na2 NOOP\r\n",
            List.of("Failed a1 LITERAL_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("literalsAddUp", "a1 LOGIN {100}\r\n" + "u".repeat(100) + " {100}\r\na2 NOOP\r\n",
            List.of("+ a1", "Failed a1 LITERAL_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("nonSyncLiteralOverLiteralMinus", "a1 LOGIN {20+}\r\n" + "\r\n".repeat(10) + " x\r\na2 NOOP\r\n",
            List.of("Failed a1 LITERAL_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("nonSyncChainSkipped", "a1 LOGIN {20+}\r\n" + "z".repeat(20) + " {2+}\r\n\r\n\r\na2 NOOP\r\n",
            List.of("Failed a1 LITERAL_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("hugeLiteralSize", "a1 LOGIN {99999999999999999999999}\r\na2 NOOP\r\n",
            List.of("Failed a1 LITERAL_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("appendAtTheLimit", "a1 APPEND INBOX {1000}\r\n" + "m".repeat(1000) + "\r\n",
            List.of(APPEND_HEAD + "size=1000, binary=false, synchronizing=true]", "message " + "m".repeat(1000),
                "AppendEnd a1")),
        Arguments.of("appendTooBig", "a1 APPEND INBOX {1001}\r\na2 NOOP\r\n",
            List.of("Failed a1 MESSAGE_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("appendNonSyncOverLiteralMinus", "a1 APPEND INBOX {17+}\r\n" + "m".repeat(17) + "\r\na2 NOOP\r\n",
            List.of("Failed a1 LITERAL_TOO_BIG", "Noop[tag=a2]")),
        Arguments.of("nestingAtTheLimit", "a1 SEARCH ((((ALL))))\r\n",
            List.of("Search[tag=a1, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=All[]]")),
        Arguments.of("nestingTooDeep", "a1 SEARCH (((((ALL)))))\r\n", List.of("Failed a1 NESTING_TOO_DEEP")),
        Arguments.of("notChainTooDeep", "a1 SEARCH " + "NOT ".repeat(17) + "ALL\r\n",
            List.of("Failed a1 NESTING_TOO_DEEP")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void limits(String name, String input, List<String> expected) {
    assertEquals(expected, Decoding.everySplit(Decoding.SETTINGS, input));
  }

  /** The session answers NO instead of "+": the client never sends the literal. */
  static Stream<Arguments> refusedSyncLiterals() {
    return Stream.of(
        Arguments.of("loginLiteral", "a1 LOGIN {5}\r\na2 NOOP\r\n", List.of("+ a1", "Noop[tag=a2]")),
        Arguments.of("appendMessage", "a1 APPEND INBOX {5}\r\na2 NOOP\r\n",
            List.of(APPEND_HEAD + "size=5, binary=false, synchronizing=true]", "Noop[tag=a2]")),
        Arguments.of("nonSyncAppendCannotBeRefused", "a1 APPEND INBOX {2+}\r\nab\r\na2 NOOP\r\n",
            List.of(APPEND_HEAD + "size=2, binary=false, synchronizing=false]", "message ab", "AppendEnd a1",
                "Noop[tag=a2]")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void refusedSyncLiterals(String name, String input, List<String> expected) {
    assertEquals(expected,
        Decoding.everySplit(Decoding.SETTINGS, input.getBytes(StandardCharsets.UTF_8), true));
  }

  @Test
  void notUtf8IsASyntaxError() {
    byte[] input = {'a', '1', ' ', 'L', 'O', 'G', 'I', 'N', ' ', (byte) 0xff, ' ', 'x', '\r', '\n'};
    assertEquals(List.of("Failed a1 SYNTAX"), Decoding.everySplit(Decoding.SETTINGS, input, false));
  }

  @Test
  void literal8MayHoldNul() {
    byte[] head = "a1 APPEND INBOX ~{3+}\r\n".getBytes(StandardCharsets.US_ASCII);
    ByteString input = ByteString.fromArray(head).concat(ByteString.fromArray(new byte[] {0, 1, 0, '\r', '\n'}));
    List<String> out = Decoding.everySplit(Decoding.SETTINGS, input.toArray(), false);
    assertEquals(List.of(APPEND_HEAD + "size=3, binary=true, synchronizing=false]", "message \0\1\0",
        "AppendEnd a1"), out);
  }

  /** 1 MB through a decoder fed 8 KiB reads: no chunk handed out is bigger than a read. */
  @Test
  void streamsAMegabyteAppendInBoundedChunks() {
    int size = 1 << 20;
    int read = 8192;
    ImapSettings settings = new ImapSettings(8192, 50L << 20, 4096, 16);
    CommandDecoder decoder = new CommandDecoder(settings);
    byte[] message = new byte[size];
    for (int i = 0; i < size; i++) {
      message[i] = (byte) (i % 253 == 0 ? '\n' : 'a' + i % 26);
    }
    ByteString input = ByteString.fromString("a1 APPEND INBOX {" + size + "}\r\n")
        .concat(ByteString.fromArray(message)).concat(ByteString.fromString("\r\na2 NOOP\r\n"));
    long received = 0;
    long checksum = 0;
    int biggest = 0;
    int held = 0;
    String last = null;
    for (int off = 0; off < input.size(); off += read) {
      decoder.feed(input.slice(off, Math.min(input.size(), off + read)));
      DecoderResult r;
      while (!((r = decoder.next()) instanceof DecoderResult.NeedMore)) {
        held = Math.max(held, decoder.bufferedOctets());
        if (r instanceof DecoderResult.AppendChunk c) {
          for (int i = 0; i < c.bytes().size(); i++) {
            checksum = checksum * 31 + c.bytes().apply(i);
          }
          received += c.bytes().size();
          biggest = Math.max(biggest, c.bytes().size());
        } else {
          last = Decoding.describe(r);
        }
      }
    }
    long expected = 0;
    for (byte b : message) {
      expected = expected * 31 + b;
    }
    assertEquals(size, received);
    assertEquals(expected, checksum);
    assertTrue(biggest <= read, "chunk of " + biggest + " octets");
    assertTrue(held <= read, "held " + held + " octets");
    assertEquals("Noop[tag=a2]", last);
  }

  /** An endless line or literal flood costs at most the line limit plus one read. */
  @ParameterizedTest(name = "{0}")
  @MethodSource
  void holdsABoundedBufferAgainstFloods(String name, String head, String filler) {
    ImapSettings settings = new ImapSettings(1024, 50L << 20, 4096, 16);
    CommandDecoder decoder = new CommandDecoder(settings);
    ByteString read = ByteString.fromString(filler.repeat(100));
    decoder.feed(ByteString.fromString(head));
    int held = 0;
    for (int i = 0; i < 1000; i++) {
      decoder.feed(read);
      while (!(decoder.next() instanceof DecoderResult.NeedMore)) {
        held = Math.max(held, decoder.bufferedOctets());
      }
      held = Math.max(held, decoder.bufferedOctets());
    }
    assertTrue(held <= 1024 + read.size(), "held " + held + " octets");
  }

  static Stream<Arguments> holdsABoundedBufferAgainstFloods() {
    return Stream.of(
        Arguments.of("endlessLine", "a1 LOGIN ", "x"),
        Arguments.of("endlessNonSyncLiterals", "a1 LOGIN ", "{1+}\r\nx "),
        Arguments.of("endlessSmallSyncLiterals", "a1 LOGIN ", "{1}\r\nx "),
        Arguments.of("endlessLinesAfterAppend", "a1 APPEND INBOX {1+}\r\nx", "y"));
  }

  @Test
  void rejectLiteralOnlyRightAfterTheAnnouncement() {
    CommandDecoder decoder = new CommandDecoder(Decoding.SETTINGS);
    decoder.feed(ByteString.fromString("a1 NOOP\r\n"));
    decoder.next();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, decoder::rejectLiteral);
  }
}
