package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.mime.BodyStructure;
import io.mailcluster.mime.Envelope;
import io.mailcluster.mime.EnvelopeAddress;
import io.mailcluster.mime.MessageMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ENVELOPE, BODYSTRUCTURE and BODY of messages run through the real MetadataExtractor. */
class EnvelopeAndStructureTest {

  private static final String ALICE = "((\"Alice Example\" NIL \"alice\" \"example.org\"))";
  private static final String CAROL = "((\"Carol, the Sender\" NIL \"carol\" \"example.net\"))";
  private static final String MALLORY = "((\"Mallory\" NIL \"mallory\" \"example.net\"))";

  /** A message with quoted, escaped and 8-bit header text, an inline part and an RFC 2231 attachment. */
  private static final String AWKWARD = String.join("\r\n",
      "From: \"Jöran \\\"JJ\\\" Back\\\\slash\" <joran@example.org>",
      "To: =?UTF-8?Q?J=C3=B6ran?= <j@example.org>, \"A (B)\" <a@b.example>",
      "Subject: Grüße \"quoted\" back\\slash",
      "Date: Thu, 6 Mar 2025 12:00:00 +0100",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=\"b1\"",
      "",
      "--b1",
      "Content-Type: text/plain; charset=\"utf-8\"; format=flowed",
      "Content-Language: en, de",
      "Content-Disposition: inline",
      "",
      "Grüße",
      "--b1",
      "Content-Type: image/png; name=\"dot.png\"",
      "Content-Transfer-Encoding: base64",
      "Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC.png; creation-date=\"Thu, 6 Mar 2025 12:00:00 +0100\"",
      "",
      "iVBORw0KGgo=",
      "--b1--",
      "");

  private static String fetch(FetchItem item, EncoderOptions options) {
    String line = new ResponseEncoder(options).encode(new ImapResponse.Fetch(1, List.of(item))).utf8String();
    return line.substring("* 1 FETCH (".length(), line.length() - ")\r\n".length());
  }

  /** fixture, ENVELOPE as a rev1 client sees it. */
  static Stream<Arguments> envelopes() {
    return Stream.of(
        Arguments.of("simple.eml", "ENVELOPE (\"Fri, 21 Nov 1997 09:55:06 -0600\" \"Lunch tomorrow?\" "
            + ALICE + " " + ALICE + " " + ALICE + " ((NIL NIL \"bob\" \"example.com\")) NIL NIL NIL "
            + "\"<1234@local.machine.example>\")"),
        Arguments.of("alternative.eml", "ENVELOPE (\"Mon, 3 Mar 2025 14:00:00 +0100\" \"Two ways\" "
            + CAROL + " " + CAROL + " " + CAROL
            + " ((\"Dave\" NIL \"dave\" \"example.com\")(NIL NIL \"erin\" \"example.com\"))"
            + " ((NIL NIL \"frank\" \"example.com\")) NIL \"<orig-7@example.com>\" \"<alt-1@example.net>\")"),
        Arguments.of("group.eml", "ENVELOPE (\"Fri, 7 Mar 2025 09:00:00 +0000\" \"Group syntax\" "
            + "((NIL NIL \"leo\" \"example.org\")) ((NIL NIL \"leo\" \"example.org\")) ((NIL NIL \"leo\" \"example.org\")) "
            + "((NIL NIL \"Friends\" NIL)(NIL NIL \"mia\" \"example.com\")(\"Nils N.\" NIL \"nils\" \"example.com\")"
            + "(NIL NIL NIL NIL)(NIL NIL \"oscar\" \"example.com\")) "
            + "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void envelopes(String fixture, String expected) {
    assertEquals(expected, fetch(new FetchItem.Envelope(Messages.extract(fixture).envelope()), EncoderOptions.REV1));
  }

  /** fixture, BODYSTRUCTURE, BODY. */
  static Stream<Arguments> structures() {
    String innerEnvelope = "(\"Tue, 4 Mar 2025 17:00:00 +0000\" \"minutes\" " + MALLORY + " " + MALLORY + " "
        + MALLORY + " ((NIL NIL \"ivan\" \"example.org\")) NIL NIL NIL NIL)";
    return Stream.of(
        Arguments.of("simple.eml",
            "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 42 3 NIL NIL NIL NIL)",
            "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 42 3)"),
        Arguments.of("alternative.eml",
            "BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 22 1 NIL NIL NIL NIL)"
                + "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 25 2 NIL NIL NIL NIL)"
                + " \"ALTERNATIVE\" (\"BOUNDARY\" \"==alt==\") NIL NIL NIL)",
            "BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 22 1)"
                + "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 25 2) \"ALTERNATIVE\")"),
        Arguments.of("nested-rfc822.eml",
            "BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 23 1 NIL NIL NIL NIL)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 317 " + innerEnvelope + " "
                + "((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 25 1 NIL NIL NIL NIL)"
                + "(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 32 1 NIL NIL NIL NIL)"
                + " \"ALTERNATIVE\" (\"BOUNDARY\" \"inner\") NIL NIL NIL) 15 NIL NIL NIL NIL)"
                + " \"MIXED\" (\"BOUNDARY\" \"fwd\") NIL NIL NIL)",
            "BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 23 1)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 317 " + innerEnvelope + " "
                + "((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 25 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 32 1)"
                + " \"ALTERNATIVE\") 15) \"MIXED\")"),
        Arguments.of("mixed-attachment.eml",
            "BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 13 1 NIL NIL \"en\" NIL)"
                + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") \"<part2@example.org>\" \"Quarterly report\""
                + " \"BASE64\" 150 NIL (\"ATTACHMENT\" (\"FILENAME\" \"report.pdf\" \"SIZE\" \"42\")) NIL"
                + " \"http://example.org/report.pdf\") \"MIXED\" (\"BOUNDARY\" \"outer\") NIL NIL NIL)",
            "BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 13 1)"
                + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") \"<part2@example.org>\" \"Quarterly report\""
                + " \"BASE64\" 150) \"MIXED\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void structures(String fixture, String bodyStructure, String body) {
    BodyStructure tree = Messages.extract(fixture).body();
    assertEquals(bodyStructure, fetch(new FetchItem.Structure(tree, true), EncoderOptions.REV1));
    assertEquals(body, fetch(new FetchItem.Structure(tree, false), EncoderOptions.REV1));
  }

  @Test
  void eightBitHeaderTextIsALiteralForRev1AndQuotedForRev2() {
    Envelope envelope = Messages.parse(AWKWARD).envelope();
    String to = "((\"=?UTF-8?Q?J=C3=B6ran?=\" NIL \"j\" \"example.org\")(\"A (B)\" NIL \"a\" \"b.example\"))";
    String rev1From = "(({22}\r\nJöran \"JJ\" Back\\slash NIL \"joran\" \"example.org\"))";
    assertEquals("ENVELOPE (\"Thu, 6 Mar 2025 12:00:00 +0100\" {27}\r\nGrüße \"quoted\" back\\slash "
            + rev1From + " " + rev1From + " " + rev1From + " " + to + " NIL NIL NIL NIL)",
        fetch(new FetchItem.Envelope(envelope), EncoderOptions.REV1));
    String rev2From = "((\"Jöran \\\"JJ\\\" Back\\\\slash\" NIL \"joran\" \"example.org\"))";
    assertEquals("ENVELOPE (\"Thu, 6 Mar 2025 12:00:00 +0100\" \"Grüße \\\"quoted\\\" back\\\\slash\" "
            + rev2From + " " + rev2From + " " + rev2From + " " + to + " NIL NIL NIL NIL)",
        fetch(new FetchItem.Envelope(envelope), EncoderOptions.REV2));
  }

  @Test
  void dispositionsLanguagesAndRfc2231ParametersAreSentRaw() {
    MessageMetadata m = Messages.parse(AWKWARD);
    assertEquals("BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\" \"FORMAT\" \"flowed\") NIL NIL \"7BIT\" 7 1"
            + " NIL (\"INLINE\" NIL) (\"en\" \"de\") NIL)"
            + "(\"IMAGE\" \"PNG\" (\"NAME\" \"dot.png\") NIL NIL \"BASE64\" 12 NIL"
            + " (\"ATTACHMENT\" (\"FILENAME*\" \"UTF-8''%E2%82%AC.png\" \"CREATION-DATE\" \"Thu, 6 Mar 2025 12:00:00 +0100\"))"
            + " NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b1\") NIL NIL NIL)",
        fetch(new FetchItem.Structure(m.body(), true), EncoderOptions.REV1));
  }

  @Test
  void storedTextWithLineBreaksOrNulNeverBreaksTheLine() {
    Envelope envelope = new Envelope(null, "two\r\nlines", List.of(new EnvelopeAddress("nul\0name", null, "x", "y")),
        null, null, List.of(), null, null, null, null);
    assertEquals("ENVELOPE (NIL {10}\r\ntwo\r\nlines ((\"nulname\" NIL \"x\" \"y\")) NIL NIL NIL NIL NIL NIL NIL)",
        fetch(new FetchItem.Envelope(envelope), EncoderOptions.REV2));
  }

  @Test
  void missingEmbeddedEnvelopeIsAllNil() {
    assertEquals("ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)",
        fetch(new FetchItem.Envelope(null), EncoderOptions.REV1));
  }

  @Test
  void multipartWhosePartsWereCutStillHasOnePart() {
    BodyStructure cut = new BodyStructure("multipart", "mixed", List.of(), null, null, null, 0, null, null, null,
        List.of(), null, List.of(), null, null, new BodyStructure.Offsets(0, 0, 0), true);
    assertEquals("BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0) \"MIXED\")",
        fetch(new FetchItem.Structure(cut, false), EncoderOptions.REV1));
  }
}
