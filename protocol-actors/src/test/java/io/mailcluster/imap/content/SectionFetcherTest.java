package io.mailcluster.imap.content;

import static io.mailcluster.imap.content.ContentFixtures.crlf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.imap.codec.FetchAttribute;
import io.mailcluster.imap.codec.FetchAttribute.SectionText;
import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.FetchItem.SectionKind;
import io.mailcluster.mime.BodyStructure;
import io.mailcluster.mime.MessageMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** FETCH sections, byte for byte, of messages run through the real extractor. */
class SectionFetcherTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());
  private static final ContentSettings SMALL_INLINE = new ContentSettings(16, 4096, 1 << 20);
  private static final ContentSettings BIG_INLINE = new ContentSettings(1 << 20, 4096, 1 << 20);

  static final String MULTIPART = crlf("""
      From: Alice <alice@example.org>
      To: Bob <bob@example.org>
      SUBJECT: Test
       folded
      Date: Mon, 7 Feb 1994 21:52:25 -0800
      MIME-Version: 1.0
      Content-Type: multipart/mixed; boundary="b1"

      preamble
      --b1
      Content-Type: text/plain; charset=utf-8

      Hello part one.
      --b1
      Content-Type: message/rfc822

      Subject: inner
      Content-Type: multipart/alternative; boundary="b2"

      --b2
      Content-Type: text/plain

      inner plain
      --b2
      Content-Type: text/html
      Content-Transfer-Encoding: quoted-printable

      <p>caf=C3=A9</p>
      --b2--

      --b1
      Content-Type: application/octet-stream
      Content-Transfer-Encoding: base64

      AAECAwQ=
      --b1
      Content-Type: application/x-thing
      Content-Transfer-Encoding: x-uuencode

      begin
      --b1--
      """);

  static final String SINGLE = crlf("""
      Subject: one part
      Content-Type: text/plain

      just text
      two lines
      """);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static String between(String message, String from, String to) {
    int start = message.indexOf(from);
    return message.substring(start, message.indexOf(to, start));
  }

  private static FetchAttribute body(String... sectionAndPart) {
    return body(Optional.empty(), sectionAndPart);
  }

  /** "2.1" "TEXT", or "" "HEADER.FIELDS" "SUBJECT" "DATE". */
  private static FetchAttribute body(Optional<FetchAttribute.Partial> partial, String... spec) {
    List<Integer> part = new ArrayList<>();
    if (!spec[0].isEmpty()) {
      Arrays.stream(spec[0].split("\\.")).forEach(n -> part.add(Integer.parseInt(n)));
    }
    SectionText text = spec.length > 1 ? SectionText.valueOf(spec[1]) : SectionText.ALL;
    List<String> fields = spec.length > 2 ? List.of(spec).subList(2, spec.length) : List.of();
    return new FetchAttribute.BodySection(true, new FetchAttribute.Section(part, text, fields), partial);
  }

  private static FetchedSection fetch(String message, FetchAttribute attribute, ContentSettings settings) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return fetch(ContentFixtures.metadata(bytes), bytes, attribute, settings);
  }

  private static FetchedSection fetch(MessageMetadata metadata, byte[] bytes, FetchAttribute attribute,
      ContentSettings settings) {
    return await(new SectionFetcher(settings, MAT).fetch(metadata, attribute, ContentFixtures.bytes(bytes)));
  }

  /** The inline section's content as UTF-8 text (null for NIL). */
  private static String inline(String message, FetchAttribute attribute) {
    FetchItem.Section section = (FetchItem.Section) ((FetchedSection.Inline) fetch(message, attribute, BIG_INLINE)).item();
    return section.content() == null ? null : section.content().utf8String();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] drain(FetchedSection.Streamed streamed) {
    return await(streamed.octets().get().runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), MAT))
        .toArray();
  }

  @Test
  void wholeMessageHeaderAndText() {
    assertEquals(MULTIPART, inline(MULTIPART, body("")));
    assertEquals(MULTIPART.substring(0, MULTIPART.indexOf("\r\n\r\n") + 4), inline(MULTIPART, body("", "HEADER")));
    assertEquals(MULTIPART.substring(MULTIPART.indexOf("\r\n\r\n") + 4), inline(MULTIPART, body("", "TEXT")));
  }

  @Test
  void partsOfAMultipartExcludeTheLineEndBeforeTheBoundary() {
    assertEquals("Hello part one.", inline(MULTIPART, body("1")));
    assertEquals("Content-Type: text/plain; charset=utf-8\r\n\r\n", inline(MULTIPART, body("1", "MIME")));
    assertEquals("AAECAwQ=", inline(MULTIPART, body("3")));
    assertEquals("Content-Type: message/rfc822\r\n\r\n", inline(MULTIPART, body("2", "MIME")));
  }

  @Test
  void aMessageRfc822PartIsTheEmbeddedMessageAndItsNumbersNest() {
    assertEquals(between(MULTIPART, "Subject: inner", "\r\n--b1\r\nContent-Type: application/octet"),
        inline(MULTIPART, body("2")));
    assertEquals("Subject: inner\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n",
        inline(MULTIPART, body("2", "HEADER")));
    assertEquals(between(MULTIPART, "--b2\r\n", "\r\n--b1\r\nContent-Type: application/octet"),
        inline(MULTIPART, body("2", "TEXT")));
    assertEquals("inner plain", inline(MULTIPART, body("2.1")));
    assertEquals("<p>caf=C3=A9</p>", inline(MULTIPART, body("2.2")));
    assertEquals("Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
        inline(MULTIPART, body("2.2", "MIME")));
    assertEquals("Subject: inner\r\n\r\n", inline(MULTIPART, body("2", "HEADER_FIELDS", "SUBJECT")));
  }

  @Test
  void aPartThatDoesNotExistIsTheEmptyString() {
    assertEquals("", inline(MULTIPART, body("9")));
    assertEquals("", inline(MULTIPART, body("1.1")));
    assertEquals("", inline(MULTIPART, body("2.3")));
    assertEquals("", inline(MULTIPART, body("1", "HEADER")));
    assertEquals("", inline(MULTIPART, body("1", "TEXT")));
    assertEquals("", inline(SINGLE, body("2")));
  }

  @Test
  void aSinglePartMessageHasPartOne() {
    assertEquals("just text\r\ntwo lines\r\n", inline(SINGLE, body("1")));
    assertEquals(inline(SINGLE, body("", "TEXT")), inline(SINGLE, body("1")));
  }

  @Test
  void headerFieldsKeepFoldedLinesAndEndWithTheBlankLine() {
    assertEquals("SUBJECT: Test\r\n folded\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800\r\n\r\n",
        inline(MULTIPART, body("", "HEADER_FIELDS", "DATE", "subject")));
    assertEquals("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\n\r\n",
        inline(MULTIPART, body("", "HEADER_FIELDS_NOT", "SUBJECT", "DATE", "MIME-VERSION", "CONTENT-TYPE")));
    assertEquals("\r\n", inline(MULTIPART, body("", "HEADER_FIELDS", "X-NOT-THERE")));
  }

  @Test
  void aPartialNamesItsOriginAndAnOriginPastTheEndIsEmpty() {
    FetchedSection first = fetch(MULTIPART, body(Optional.of(new FetchAttribute.Partial(0, 10)), ""), BIG_INLINE);
    assertEquals(new FetchItem.Section(SectionKind.BODY, "", 0L, ByteString.fromString("From: Alic")),
        ((FetchedSection.Inline) first).item());
    assertEquals("part one.", inline(MULTIPART, body(Optional.of(new FetchAttribute.Partial(6, 100)), "1")));
    FetchedSection past = fetch(MULTIPART, body(Optional.of(new FetchAttribute.Partial(1000, 5)), "1"), BIG_INLINE);
    assertEquals(new FetchItem.Section(SectionKind.BODY, "1", 1000L, ByteString.emptyByteString()),
        ((FetchedSection.Inline) past).item());
    assertEquals("Subj", inline(SINGLE, body(Optional.of(new FetchAttribute.Partial(0, 4)), "", "HEADER_FIELDS",
        "SUBJECT")));
  }

  @Test
  void aBigSectionIsStreamedWithItsExactSize() {
    FetchedSection result = fetch(MULTIPART, body(Optional.of(new FetchAttribute.Partial(5, 200)), ""), SMALL_INLINE);
    FetchedSection.Streamed streamed = assertInstanceOf(FetchedSection.Streamed.class, result);
    assertEquals(new FetchItem.StreamedSection(SectionKind.BODY, "", 5L, 200), streamed.section());
    assertEquals(MULTIPART.substring(5, 205), new String(drain(streamed), StandardCharsets.UTF_8));
    // the source can be run again (for instance when the response is retried)
    assertEquals(MULTIPART.substring(5, 205), new String(drain(streamed), StandardCharsets.UTF_8));
  }

  @Test
  void aStreamedSectionFailsWhenTheStoreHasFewerOctetsThanPromised() {
    byte[] bytes = MULTIPART.getBytes(StandardCharsets.UTF_8);
    MessageMetadata metadata = ContentFixtures.metadata(bytes);
    byte[] shorter = Arrays.copyOf(bytes, bytes.length - 10);
    FetchedSection.Streamed streamed = (FetchedSection.Streamed) await(new SectionFetcher(SMALL_INLINE, MAT)
        .fetch(metadata, body(""), ContentFixtures.bytes(shorter)));
    assertThrows(AssertionError.class, () -> drain(streamed));
  }

  @Test
  void rfc822FormsAreWholeHeaderAndText() {
    FetchedSection header = fetch(SINGLE, new FetchAttribute.Simple(FetchAttribute.Item.RFC822_HEADER), BIG_INLINE);
    assertEquals(new FetchItem.Section(SectionKind.RFC822_HEADER, "", null,
        ByteString.fromString("Subject: one part\r\nContent-Type: text/plain\r\n\r\n")), ((FetchedSection.Inline) header).item());
    FetchedSection text = fetch(SINGLE, new FetchAttribute.Simple(FetchAttribute.Item.RFC822_TEXT), BIG_INLINE);
    assertEquals(ByteString.fromString("just text\r\ntwo lines\r\n"),
        ((FetchItem.Section) ((FetchedSection.Inline) text).item()).content());
    FetchedSection all = fetch(SINGLE, new FetchAttribute.Simple(FetchAttribute.Item.RFC822), SMALL_INLINE);
    assertEquals(SectionKind.RFC822, ((FetchedSection.Streamed) all).section().kind());
  }

  private static FetchAttribute binary(Optional<FetchAttribute.Partial> partial, Integer... part) {
    return new FetchAttribute.Binary(true, List.of(part), partial);
  }

  @Test
  void binaryUndoesBase64AndQuotedPrintable() {
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4},
        ((FetchItem.Section) ((FetchedSection.Inline) fetch(MULTIPART, binary(Optional.empty(), 3), BIG_INLINE)).item())
            .content().toArray());
    assertEquals("<p>café</p>", inline(MULTIPART, binary(Optional.empty(), 2, 2)));
    assertEquals("Hello part one.", inline(MULTIPART, binary(Optional.empty(), 1)));
    assertEquals("é</p>", inline(MULTIPART, binary(Optional.of(new FetchAttribute.Partial(6, 100)), 2, 2)));
  }

  @Test
  void binarySizeIsTheDecodedSize() {
    assertEquals(new FetchItem.BinarySize("3", 5),
        ((FetchedSection.Inline) fetch(MULTIPART, new FetchAttribute.BinarySize(List.of(3)), BIG_INLINE)).item());
    assertEquals(new FetchItem.BinarySize("2.2", 12),
        ((FetchedSection.Inline) fetch(MULTIPART, new FetchAttribute.BinarySize(List.of(2, 2)), SMALL_INLINE)).item());
    assertEquals(new FetchItem.BinarySize("1", 15),
        ((FetchedSection.Inline) fetch(MULTIPART, new FetchAttribute.BinarySize(List.of(1)), BIG_INLINE)).item());
  }

  @Test
  void binaryOfAnUnknownEncodingIsRefusedWithUnknownCte() {
    FetchedSection refused = fetch(MULTIPART, binary(Optional.empty(), 4), BIG_INLINE);
    assertEquals(FetchedSection.UNKNOWN_CTE, ((FetchedSection.Refused) refused).code());
    assertInstanceOf(FetchedSection.Refused.class, fetch(MULTIPART, new FetchAttribute.BinarySize(List.of(4)), BIG_INLINE));
  }

  @Test
  void binaryOfAPartThatDoesNotExistIsNil() {
    assertNull(inline(MULTIPART, binary(Optional.empty(), 9)));
    assertEquals(new FetchItem.BinarySize("9", 0),
        ((FetchedSection.Inline) fetch(MULTIPART, new FetchAttribute.BinarySize(List.of(9)), BIG_INLINE)).item());
  }

  @Test
  void aBigBase64PartIsDecodedTwiceStreamingAndSlicedByThePartial() {
    byte[] data = new byte[30000];
    new Random(4).nextBytes(data);
    String message = crlf("""
        Content-Type: multipart/mixed; boundary=x

        --x
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: base64

        """) + Base64.getMimeEncoder().encodeToString(data) + crlf("""

        --x--
        """);
    FetchedSection.Streamed whole = (FetchedSection.Streamed) fetch(message, binary(Optional.empty(), 1), SMALL_INLINE);
    assertEquals(new FetchItem.StreamedSection(SectionKind.BINARY, "1", null, data.length), whole.section());
    assertArrayEquals(data, drain(whole));
    FetchedSection.Streamed cut = (FetchedSection.Streamed)
        fetch(message, binary(Optional.of(new FetchAttribute.Partial(1000, 5000)), 1), SMALL_INLINE);
    assertEquals(new FetchItem.StreamedSection(SectionKind.BINARY, "1", 1000L, 5000), cut.section());
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 6000), drain(cut));
    FetchedSection size = fetch(message, new FetchAttribute.BinarySize(List.of(1)), SMALL_INLINE);
    assertEquals(new FetchItem.BinarySize("1", data.length), ((FetchedSection.Inline) size).item());
  }

  @Test
  void inexactOffsetsMakeTheTopLevelHeaderAndTextBeFoundAgain() {
    byte[] bytes = MULTIPART.getBytes(StandardCharsets.UTF_8);
    MessageMetadata real = ContentFixtures.metadata(bytes);
    BodyStructure r = real.body();
    BodyStructure wrong = new BodyStructure(r.type(), r.subtype(), r.params(), r.id(), r.description(), r.encoding(),
        r.size(), r.lines(), r.md5(), r.disposition(), r.language(), r.location(), r.parts(), r.envelope(),
        r.message(), new BodyStructure.Offsets(0, 17, bytes.length), r.truncated());
    MessageMetadata inexact = new MessageMetadata(real.envelope(), wrong, real.headers(), real.headersTruncated(),
        real.subject(), real.from(), real.size(), real.date(), real.truncated(), false);
    int end = MULTIPART.indexOf("\r\n\r\n") + 4;
    assertEquals(MULTIPART.substring(0, end), content(fetch(inexact, bytes, body("", "HEADER"), BIG_INLINE)));
    assertEquals(MULTIPART.substring(end), content(fetch(inexact, bytes, body("", "TEXT"), BIG_INLINE)));
    assertEquals("To: Bob <bob@example.org>\r\n\r\n",
        content(fetch(inexact, bytes, body("", "HEADER_FIELDS", "TO"), BIG_INLINE)));
    FetchedSection.Streamed text = (FetchedSection.Streamed) fetch(inexact, bytes, body("", "TEXT"), SMALL_INLINE);
    assertEquals(MULTIPART.substring(end), new String(drain(text), StandardCharsets.UTF_8));
  }

  @Test
  void aMessageWithoutABlankLineIsAllHeaderWhenFoundAgain() {
    String headerOnly = crlf("""
        Subject: no body
        X-Other: y
        """);
    byte[] bytes = headerOnly.getBytes(StandardCharsets.UTF_8);
    MessageMetadata real = ContentFixtures.metadata(bytes);
    MessageMetadata inexact = new MessageMetadata(real.envelope(), real.body(), real.headers(), real.headersTruncated(),
        real.subject(), real.from(), real.size(), real.date(), true, false);
    assertEquals(headerOnly, content(fetch(inexact, bytes, body("", "HEADER"), BIG_INLINE)));
    assertEquals("", content(fetch(inexact, bytes, body("", "TEXT"), BIG_INLINE)));
  }

  @Test
  void aHeaderSubsetReadsAtMostTheHeaderLimit() {
    ContentSettings tiny = new ContentSettings(1 << 20, 40, 1 << 20);
    FetchedSection result = fetch(MULTIPART, body("", "HEADER_FIELDS_NOT", "X"), tiny);
    // the first 40 octets hold From and half of To: the cut line is dropped
    assertEquals("From: Alice <alice@example.org>\r\n\r\n", content(result));
  }

  private static String content(FetchedSection result) {
    return ((FetchItem.Section) ((FetchedSection.Inline) result).item()).content().utf8String();
  }

  @Test
  void sectionPlansNameOctetsOfTheStoredMessage() {
    MessageMetadata m = ContentFixtures.metadata(MULTIPART.getBytes(StandardCharsets.UTF_8));
    SectionPlan plan = SectionResolver.plan(m, new FetchAttribute.Section(List.of(1), SectionText.ALL, List.of()));
    int start = MULTIPART.indexOf("Hello part one.");
    assertEquals(new SectionPlan.Octets(start, start + "Hello part one.".length()), plan);
    assertTrue(SectionResolver.planBinary(m, List.of(2, 2)) instanceof SectionPlan.Decoded);
    assertEquals(new SectionPlan.UnknownEncoding("x-uuencode"), SectionResolver.planBinary(m, List.of(4)));
  }

  @Test
  void aStreamedSectionFillsTheLiteralTheEncoderLeftRoomFor() {
    FetchedSection.Streamed streamed = (FetchedSection.Streamed) fetch(MULTIPART, body("2"), SMALL_INLINE);
    List<io.mailcluster.imap.codec.ResponseChunk> chunks =
        new io.mailcluster.imap.codec.ResponseEncoder(io.mailcluster.imap.codec.EncoderOptions.REV2).encodeChunks(
            new io.mailcluster.imap.codec.ImapResponse.Fetch(7, List.of(new FetchItem.Uid(9), streamed.section())));
    StringBuilder wire = new StringBuilder();
    for (io.mailcluster.imap.codec.ResponseChunk chunk : chunks) {
      if (chunk instanceof io.mailcluster.imap.codec.ResponseChunk.Bytes b) {
        wire.append(b.bytes().utf8String());
      } else {
        wire.append(new String(drain(streamed), StandardCharsets.UTF_8));
      }
    }
    String inner = between(MULTIPART, "Subject: inner", "\r\n--b1\r\nContent-Type: application/octet");
    assertEquals("* 7 FETCH (UID 9 BODY[2] {" + inner.length() + "}\r\n" + inner + ")\r\n", wire.toString());
  }

  @Test
  void streamsSliceAcrossPieces() {
    Source<ByteString, org.apache.pekko.NotUsed> src = ContentFixtures.bytes("0123456789abcdefghij".getBytes(
        StandardCharsets.US_ASCII)).range(0, 20);
    ByteString cut = await(Streams.slice(src, 5, 9).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), MAT));
    assertEquals("56789abcd", cut.utf8String());
    ExecutionException tooLong = assertThrows(ExecutionException.class, () -> Streams.exactly(src, 19)
        .runWith(Sink.ignore(), MAT).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, tooLong.getCause());
  }
}
