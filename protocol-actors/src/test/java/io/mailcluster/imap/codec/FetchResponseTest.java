package io.mailcluster.imap.codec;

import static io.mailcluster.imap.codec.FetchItem.SectionKind.BINARY;
import static io.mailcluster.imap.codec.FetchItem.SectionKind.BODY;
import static io.mailcluster.imap.codec.FetchItem.SectionKind.RFC822;
import static io.mailcluster.imap.codec.FetchItem.SectionKind.RFC822_HEADER;
import static io.mailcluster.imap.codec.FetchItem.SectionKind.RFC822_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FetchResponseTest {

  private static final ResponseEncoder ENCODER = new ResponseEncoder(EncoderOptions.REV2);

  private static String fetch(long seq, FetchItem... items) {
    return ENCODER.encode(new ImapResponse.Fetch(seq, List.of(items))).utf8String();
  }

  static Stream<Arguments> items() {
    return Stream.of(
        Arguments.of(new FetchItem.Uid(4827313), "UID 4827313"),
        Arguments.of(new FetchItem.Flags(List.of("\\Seen", "$Forwarded")), "FLAGS (\\Seen $Forwarded)"),
        Arguments.of(new FetchItem.Flags(List.of()), "FLAGS ()"),
        Arguments.of(new FetchItem.Rfc822Size(44827), "RFC822.SIZE 44827"),
        Arguments.of(new FetchItem.ModSeq(12121231000L), "MODSEQ (12121231000)"),
        Arguments.of(new FetchItem.InternalDate(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7))),
            "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\""),
        Arguments.of(new FetchItem.InternalDate(OffsetDateTime.of(2025, 3, 1, 9, 5, 7, 999, ZoneOffset.ofHoursMinutes(5, 30))),
            "INTERNALDATE \"01-Mar-2025 09:05:07 +0530\""),
        Arguments.of(new FetchItem.InternalDate(OffsetDateTime.of(2024, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)),
            "INTERNALDATE \"31-Dec-2024 23:59:59 +0000\""),
        Arguments.of(new FetchItem.InternalDate(OffsetDateTime.of(2024, 1, 2, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30))),
            "INTERNALDATE \"02-Jan-2024 00:00:00 -0330\""),
        Arguments.of(new FetchItem.Section(BODY, "HEADER.FIELDS (FROM)", null, ByteString.fromString("From: a@b\r\n\r\n")),
            "BODY[HEADER.FIELDS (FROM)] {13}\r\nFrom: a@b\r\n\r\n"),
        Arguments.of(new FetchItem.Section(BODY, "1.MIME", 0L, ByteString.fromString("Content-Type: text/plain\r\n\r\n")),
            "BODY[1.MIME]<0> {28}\r\nContent-Type: text/plain\r\n\r\n"),
        Arguments.of(new FetchItem.Section(BODY, "", null, ByteString.emptyByteString()), "BODY[] {0}\r\n"),
        Arguments.of(new FetchItem.Section(BODY, "4.1", null, null), "BODY[4.1] NIL"),
        Arguments.of(new FetchItem.Section(BINARY, "1", null, ByteString.fromArray(new byte[] {0, 1})), "BINARY[1] ~{2}\r\n\0\1"),
        Arguments.of(new FetchItem.BinarySize("1.2", 3417), "BINARY.SIZE[1.2] 3417"),
        Arguments.of(new FetchItem.Section(RFC822_HEADER, "", null, ByteString.fromString("A: b\r\n\r\n")),
            "RFC822.HEADER {8}\r\nA: b\r\n\r\n"),
        Arguments.of(new FetchItem.Section(RFC822_TEXT, "", null, ByteString.fromString("hi\r\n")), "RFC822.TEXT {4}\r\nhi\r\n"),
        Arguments.of(new FetchItem.Section(RFC822, "", null, ByteString.fromString("A: b\r\n\r\nhi")),
            "RFC822 {10}\r\nA: b\r\n\r\nhi"));
  }

  @ParameterizedTest
  @MethodSource
  void items(FetchItem item, String expected) {
    assertEquals("* 12 FETCH (" + expected + ")\r\n", fetch(12, item));
  }

  @Test
  void itemsAreSpaceSeparatedInTheGivenOrder() {
    assertEquals("* 2 FETCH (UID 7 FLAGS (\\Deleted) RFC822.SIZE 1024 MODSEQ (3))\r\n",
        fetch(2, new FetchItem.Uid(7), new FetchItem.Flags(List.of("\\Deleted")), new FetchItem.Rfc822Size(1024),
            new FetchItem.ModSeq(3)));
  }

  @Test
  void streamedSectionWritesOnlyTheLiteralHeaderAndLeavesAPlaceForTheOctets() {
    var big = new FetchItem.StreamedSection(BODY, "", null, 52_428_800L);
    List<ResponseChunk> chunks = ENCODER.encodeChunks(new ImapResponse.Fetch(9, List.of(new FetchItem.Uid(44), big)));
    assertEquals(List.of(
        new ResponseChunk.Bytes(ByteString.fromString("* 9 FETCH (UID 44 BODY[] {52428800}\r\n")),
        new ResponseChunk.Stream(big),
        new ResponseChunk.Bytes(ByteString.fromString(")\r\n"))), chunks);
  }

  @Test
  void itemsAfterAStreamedSectionFollowItsOctets() {
    var text = new FetchItem.StreamedSection(BODY, "TEXT", 100L, 500L);
    var part = new FetchItem.StreamedSection(BINARY, "2", null, 7L);
    List<ResponseChunk> chunks = ENCODER.encodeChunks(new ImapResponse.Fetch(1,
        List.of(text, new FetchItem.Flags(List.of("\\Seen")), part)));
    assertEquals(List.of(
        new ResponseChunk.Bytes(ByteString.fromString("* 1 FETCH (BODY[TEXT]<100> {500}\r\n")),
        new ResponseChunk.Stream(text),
        new ResponseChunk.Bytes(ByteString.fromString(" FLAGS (\\Seen) BINARY[2] ~{7}\r\n")),
        new ResponseChunk.Stream(part),
        new ResponseChunk.Bytes(ByteString.fromString(")\r\n"))), chunks);
  }

  @Test
  void encodeRefusesAResponseThatStreams() {
    var response = new ImapResponse.Fetch(1, List.of(new FetchItem.StreamedSection(BODY, "", null, 1)));
    assertThrows(IllegalArgumentException.class, () -> ENCODER.encode(response));
  }

  /** kind, section, origin: each would break the response line or the grammar. */
  static Stream<Arguments> badSections() {
    return Stream.of(
        Arguments.of(BODY, "1]", null),
        Arguments.of(BODY, "HEADER\r\n", null),
        Arguments.of(BINARY, "TEXT\n", null),
        Arguments.of(BODY, "ü", null),
        Arguments.of(BODY, "1", -1L),
        Arguments.of(RFC822, "1", null),
        Arguments.of(RFC822_TEXT, "", 0L));
  }

  @ParameterizedTest
  @MethodSource
  void badSections(FetchItem.SectionKind kind, String section, Long origin) {
    assertThrows(IllegalArgumentException.class, () -> new FetchItem.StreamedSection(kind, section, origin, 1));
    assertThrows(IllegalArgumentException.class, () -> new FetchItem.Section(kind, section, origin, null));
  }

  @Test
  void refusesANegativeStreamedSize() {
    assertThrows(IllegalArgumentException.class, () -> new FetchItem.StreamedSection(BODY, "", null, -1));
  }
}
