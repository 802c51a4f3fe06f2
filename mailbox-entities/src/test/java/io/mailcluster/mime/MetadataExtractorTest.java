package io.mailcluster.mime;

import static io.mailcluster.mime.Fixtures.extract;
import static io.mailcluster.mime.Fixtures.load;
import static io.mailcluster.mime.Fixtures.shape;
import static io.mailcluster.mime.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.testing.LogCapturing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The metadata extracted from the message fixtures. */
@ExtendWith(LogCapturing.class)
class MetadataExtractorTest {

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("simple.eml", "text/plain"),
        Arguments.of("alternative.eml", "multipart/alternative(text/plain,text/html)"),
        Arguments.of("mixed-attachment.eml", "multipart/mixed(text/plain,application/pdf)"),
        Arguments.of("nested-rfc822.eml",
            "multipart/mixed(text/plain,message/rfc822[multipart/alternative(text/plain,text/html)])"),
        Arguments.of("utf8-b-subject.eml", "text/plain"),
        Arguments.of("latin1-q-subject.eml", "text/plain"),
        Arguments.of("group.eml", "text/plain"),
        Arguments.of("missing-date-from.eml", "text/plain"),
        Arguments.of("bare-lf.lf.eml", "multipart/mixed(text/plain,text/plain)"),
        Arguments.of("header-only.eml", "text/plain"),
        Arguments.of("broken-boundary.eml", "multipart/mixed(text/plain,text/plain)"),
        Arguments.of("inner-never-closed.eml", "multipart/mixed(multipart/alternative(text/plain),text/plain)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void findsTheMimeTree(String fixture, String expectedShape) {
    MessageMetadata metadata = extract(fixture);
    assertEquals(expectedShape, shape(metadata.body()));
    assertFalse(metadata.truncated());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void offsetsSliceEveryPartOutOfTheOriginalBytes(String fixture, String ignored) {
    byte[] message = load(fixture);
    MessageMetadata metadata = extract(message);

    assertEquals(message.length, metadata.size());
    assertTrue(metadata.offsetsExact(), "offsets add up to the message size");
    BodyStructure.Offsets root = metadata.body().offsets();
    assertEquals(0, root.headerStart());
    assertEquals(message.length, root.bodyEnd());
    for (BodyStructure node : Fixtures.nodes(metadata.body())) {
      BodyStructure.Offsets o = node.offsets();
      assertEquals(node.size(), o.bodyEnd() - o.bodyStart(), "size is the body range");
      String header = slice(message, o.headerStart(), o.bodyStart());
      assertTrue(header.isEmpty() || header.endsWith("\n"), "header ends with a line end: " + header);
      if (node.lines() != null) {
        assertEquals(Fixtures.lines(message, o.bodyStart(), o.bodyEnd()), node.lines());
      }
    }
  }

  @Test
  void simpleMessageGivesEnvelopeWithRawValuesAndDefaultsSenderAndReplyToToFrom() {
    MessageMetadata m = extract("simple.eml");
    Envelope e = m.envelope();
    assertEquals("Fri, 21 Nov 1997 09:55:06 -0600", e.date());
    assertEquals("Lunch tomorrow?", e.subject());
    List<EnvelopeAddress> alice = List.of(new EnvelopeAddress("Alice Example", null, "alice", "example.org"));
    assertEquals(alice, e.from());
    assertEquals(alice, e.sender());
    assertEquals(alice, e.replyTo());
    assertEquals(List.of(new EnvelopeAddress(null, null, "bob", "example.com")), e.to());
    assertEquals(List.of(), e.cc());
    assertEquals(List.of(), e.bcc());
    assertNull(e.inReplyTo());
    assertEquals("<1234@local.machine.example>", e.messageId());
    assertEquals(Instant.parse("1997-11-21T15:55:06Z"), m.date());
    assertEquals("Lunch tomorrow?", m.subject());
    assertEquals("Alice Example", m.from());
  }

  @Test
  void simpleMessageBodyHasCharsetLinesAndDefaultEncoding() {
    BodyStructure body = extract("simple.eml").body();
    assertEquals(List.of(new BodyStructure.Param("charset", "us-ascii")), body.params());
    assertEquals("7bit", body.encoding());
    assertEquals(3L, body.lines());
    assertNull(body.md5());
    assertNull(body.disposition());
  }

  @Test
  void topLevelHeadersAreKeptInOrderWithRawFoldedValues() {
    MessageMetadata m = extract("simple.eml");
    assertEquals(
        List.of("Return-Path", "Date", "From", "To", "Subject", "Message-ID", "Content-Type"),
        m.headers().stream().map(HeaderField::name).toList());
    HeaderField subject = m.headers().get(4);
    assertEquals("Lunch\r\n tomorrow?", subject.value());
    assertEquals("Lunch tomorrow?", subject.unfolded());
    assertFalse(m.headersTruncated());
  }

  @Test
  void quotedDisplayNameLosesQuotesAndInReplyToIsKept() {
    Envelope e = extract("alternative.eml").envelope();
    assertEquals(List.of(new EnvelopeAddress("Carol, the Sender", null, "carol", "example.net")), e.from());
    assertEquals(
        List.of(new EnvelopeAddress("Dave", null, "dave", "example.com"),
            new EnvelopeAddress(null, null, "erin", "example.com")),
        e.to());
    assertEquals("<orig-7@example.com>", e.inReplyTo());
  }

  @Test
  void alternativePartsKeepTheirEncodingAndTransportPaddingIsSkipped() {
    byte[] message = load("alternative.eml");
    BodyStructure body = extract(message).body();
    assertEquals(List.of(new BodyStructure.Param("boundary", "==alt==")), body.params());
    BodyStructure plain = body.parts().get(0);
    BodyStructure html = body.parts().get(1);
    assertEquals("quoted-printable", plain.encoding());
    assertEquals("Hello =E2=80=93 plain.", slice(message, plain.offsets().bodyStart(), plain.offsets().bodyEnd()));
    assertEquals("Content-Type: text/html; charset=utf-8\r\n\r\n",
        slice(message, html.offsets().headerStart(), html.offsets().bodyStart()));
    assertEquals("<p>Hello</p>\r\n<p>html</p>", slice(message, html.offsets().bodyStart(), html.offsets().bodyEnd()));
    assertEquals(2L, html.lines());
  }

  @Test
  void attachmentHasDispositionWithFilenameAndAllContentFields() {
    byte[] message = load("mixed-attachment.eml");
    BodyStructure body = extract(message).body();
    BodyStructure text = body.parts().get(0);
    BodyStructure pdf = body.parts().get(1);
    assertEquals(List.of("en"), text.language());
    assertEquals("application", pdf.type());
    assertEquals("pdf", pdf.subtype());
    assertEquals("report.pdf", pdf.param("name"));
    assertEquals("base64", pdf.encoding());
    assertEquals("<part2@example.org>", pdf.id());
    assertEquals("Quarterly report", pdf.description());
    assertEquals("http://example.org/report.pdf", pdf.location());
    assertEquals(
        new BodyStructure.Disposition("attachment",
            List.of(new BodyStructure.Param("filename", "report.pdf"), new BodyStructure.Param("size", "42"))),
        pdf.disposition());
    assertNull(pdf.lines(), "no line count for a non-text part");
    assertEquals(76 + 2 + 72, pdf.size());
    assertTrue(slice(message, pdf.offsets().bodyStart(), pdf.offsets().bodyEnd()).endsWith("ZW5kc3RyZWFtCmVuZG9iago="));
  }

  @Test
  void embeddedMessageCarriesItsEnvelopeStructureAndLines() {
    byte[] message = load("nested-rfc822.eml");
    BodyStructure forwarded = extract(message).body().parts().get(1);
    assertEquals("message", forwarded.type());
    assertEquals("rfc822", forwarded.subtype());
    assertEquals("minutes", forwarded.envelope().subject());
    assertEquals(List.of(new EnvelopeAddress("Mallory", null, "mallory", "example.net")), forwarded.envelope().from());
    BodyStructure inner = forwarded.message();
    assertEquals(forwarded.offsets().bodyStart(), inner.offsets().headerStart());
    assertEquals(forwarded.offsets().bodyEnd(), inner.offsets().bodyEnd());
    assertTrue(slice(message, inner.offsets().headerStart(), inner.offsets().bodyStart())
        .startsWith("From: Mallory <mallory@example.net>\r\n"));
    assertEquals(Fixtures.lines(message, forwarded.offsets().bodyStart(), forwarded.offsets().bodyEnd()),
        forwarded.lines());
    BodyStructure html = inner.parts().get(1);
    assertEquals("<p>Minutes: nothing decided.</p>", slice(message, html.offsets().bodyStart(), html.offsets().bodyEnd()));
  }

  static Stream<Arguments> encodedWords() {
    return Stream.of(
        Arguments.of("utf8-b-subject.eml",
            "=?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4g4pyI?=", "Grüße aus München ✈",
            "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=", "Jürgen Müller"),
        Arguments.of("latin1-q-subject.eml",
            "=?ISO-8859-1?Q?Caf=E9_cr=E8me?= et =?ISO-8859-1?Q?cro=EEssant?=", "Café crème et croîssant",
            "=?ISO-8859-1?Q?Fran=E7ois?=", "François"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodedWords")
  void envelopeKeepsEncodedWordsRawWhileSubjectAndFromAreDecoded(
      String fixture, String rawSubject, String subject, String rawName, String from) {
    MessageMetadata m = extract(fixture);
    assertEquals(rawSubject, m.envelope().subject());
    assertEquals(subject, m.subject());
    assertEquals(rawName, m.envelope().from().get(0).name());
    assertEquals(from, m.from());
  }

  @Test
  void rawEightBitHeadersAreReadAsUtf8WhenValidElseAsLatin1() {
    byte[] utf8 = "Subject: Grüße\r\nFrom: Jürgen <j@example.de>\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
    MessageMetadata m = extract(utf8);
    assertEquals("Grüße", m.subject());
    assertEquals("Jürgen", m.from());
    byte[] latin1 = "Subject: Café\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("Café", extract(latin1).subject());
  }

  @Test
  void groupsAreMarkedAsImapDoes() {
    Envelope e = extract("group.eml").envelope();
    assertEquals(
        List.of(
            new EnvelopeAddress(null, null, "Friends", null),
            new EnvelopeAddress(null, null, "mia", "example.com"),
            new EnvelopeAddress("Nils N.", null, "nils", "example.com"),
            new EnvelopeAddress(null, null, null, null),
            new EnvelopeAddress(null, null, "oscar", "example.com")),
        e.to());
    assertEquals(
        List.of(new EnvelopeAddress(null, null, "undisclosed-recipients", null),
            new EnvelopeAddress(null, null, null, null)),
        e.cc());
  }

  @Test
  void missingDateAndFromGiveNullsAndEmptyLists() {
    MessageMetadata m = extract("missing-date-from.eml");
    assertNull(m.envelope().date());
    assertNull(m.date());
    assertEquals(List.of(), m.envelope().from());
    assertEquals(List.of(), m.envelope().sender());
    assertEquals(List.of(), m.envelope().replyTo());
    assertNull(m.from());
    assertEquals("No date, no from", m.subject());
  }

  @Test
  void bareLineFeedsAreCountedAsOneOctetLineEnds() {
    byte[] message = load("bare-lf.lf.eml");
    BodyStructure body = extract(message).body();
    BodyStructure first = body.parts().get(0);
    assertEquals("line one\nline two", slice(message, first.offsets().bodyStart(), first.offsets().bodyEnd()));
    assertEquals(2L, first.lines());
    assertEquals("Content-Type: text/plain\n\n",
        slice(message, first.offsets().headerStart(), first.offsets().bodyStart()));
  }

  @Test
  void headerWithoutBodyHasAnEmptyBodyAtTheEnd() {
    byte[] message = load("header-only.eml");
    MessageMetadata m = extract(message);
    assertEquals(0, m.body().size());
    assertEquals(message.length, m.body().offsets().bodyStart());
    assertEquals(0L, m.body().lines());
    assertEquals("Nothing below", m.subject());
  }

  @Test
  void boundaryNeverClosedEndsTheLastPartAtTheEndOfTheMessage() {
    byte[] message = load("broken-boundary.eml");
    MessageMetadata m = extract(message);
    BodyStructure last = m.body().parts().get(1);
    assertEquals(message.length, last.offsets().bodyEnd());
    assertTrue(slice(message, last.offsets().bodyStart(), last.offsets().bodyEnd())
        .startsWith("second part that never ends"));
  }

  @Test
  void innerBoundaryNeverClosedIsEndedByTheOuterDelimiter() {
    byte[] message = load("inner-never-closed.eml");
    BodyStructure body = extract(message).body();
    BodyStructure inner = body.parts().get(0).parts().get(0);
    assertEquals("inner text, no closing inner delimiter follows",
        slice(message, inner.offsets().bodyStart(), inner.offsets().bodyEnd()));
    BodyStructure after = body.parts().get(1);
    assertEquals("after", slice(message, after.offsets().bodyStart(), after.offsets().bodyEnd()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyPrefixOfAMessageStillYieldsConsistentMetadata(String fixture, String ignored) {
    byte[] message = load(fixture);
    for (int length = 0; length <= message.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(message, length);
      MessageMetadata m = extract(prefix);
      assertEquals(length, m.size());
      assertEquals(length, m.body().offsets().bodyEnd(), "cut at " + length);
      for (BodyStructure node : Fixtures.nodes(m.body())) {
        BodyStructure.Offsets o = node.offsets();
        assertTrue(0 <= o.headerStart() && o.headerStart() <= o.bodyStart() && o.bodyStart() <= o.bodyEnd()
            && o.bodyEnd() <= length, "cut at " + length + ": " + o);
      }
    }
  }

  @Test
  void emptyInputStillYieldsMetadata() {
    MessageMetadata m = extract(new byte[0]);
    assertEquals(0, m.size());
    assertEquals("text", m.body().type());
    assertEquals(List.of(), m.headers());
  }

  @Test
  void binaryGarbageStillYieldsMetadata() {
    byte[] garbage = new byte[5000];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 31 + 7);
    }
    MessageMetadata m = extract(garbage);
    assertEquals(garbage.length, m.size());
    assertEquals(garbage.length, m.body().offsets().bodyEnd());
  }

  @Test
  void dateHeaderInTheWrongFormatGivesNoInstant() {
    String message = "Date: yesterday after lunch\r\nSubject: x\r\n\r\nbody\r\n";
    MessageMetadata m = extract(message.getBytes(StandardCharsets.US_ASCII));
    assertEquals("yesterday after lunch", m.envelope().date());
    assertNull(m.date());
  }
}
