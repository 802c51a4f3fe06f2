package io.mailcluster.imap.content;

import static io.mailcluster.imap.content.ContentFixtures.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.imap.codec.SearchKey;
import io.mailcluster.imap.codec.SearchKey.DateField;
import io.mailcluster.imap.codec.SearchKey.DateRelation;
import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mime.MessageMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SEARCH keys, one table row each, against one message run through the real extractor. */
class SearchEvaluatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());

  static final String MESSAGE = crlf("""
      From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>
      To: Bob <bob@example.org>
      Cc: carol@example.org
      Bcc: dave@example.org
      Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=
      Date: Sun, 31 Dec 2023 23:30:00 -0800
      X-Empty:
      X-Custom: some
       folded value
      MIME-Version: 1.0
      Content-Type: multipart/mixed; boundary="b"

      --b
      Content-Type: text/plain; charset=ISO-8859-1
      Content-Transfer-Encoding: quoted-printable

      Caf=E9 cr=E8me br=FBl=E9e, soft=
      break
      --b
      Content-Type: text/plain; charset=utf-8
      Content-Transfer-Encoding: base64

      """) + Base64.getMimeEncoder().encodeToString("Straße nach Zürich".getBytes(StandardCharsets.UTF_8))
      + crlf("""

      --b
      Content-Type: text/html; charset=iso-8859-1
      Content-Transfer-Encoding: base64

      """) + Base64.getMimeEncoder().encodeToString("<b>Ol\u00e9 se\u00f1or</b>".getBytes(StandardCharsets.ISO_8859_1))
      + crlf("""

      --b
      Content-Type: application/octet-stream
      Content-Transfer-Encoding: base64

      """) + Base64.getMimeEncoder().encodeToString("hidden needle".getBytes(StandardCharsets.UTF_8))
      + crlf("""

      --b--
      """);

  static final byte[] BYTES = MESSAGE.getBytes(StandardCharsets.US_ASCII);
  static final MessageMetadata METADATA = ContentFixtures.metadata(BYTES);
  static final MessageText TEXT = MessageText.of(ByteString.fromArray(BYTES), METADATA);
  /** Arrived 10 March 2024 at 23:59:59 UTC, which is already 11 March in Berlin. */
  static final MessageIndex INDEX = new MessageIndex(3, 42, Set.of("\\Seen", "$Important"), BYTES.length,
      Instant.parse("2024-03-10T23:59:59Z"), 100, false);
  static final SearchContext CONTEXT = new SearchContext(5, 50, ZoneOffset.UTC, uid -> uid == 42);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static SequenceSet set(long first, long last) {
    return new SequenceSet(List.of(new SequenceSet.Range(first, last)), false);
  }

  private static SearchKey.Date date(DateField field, DateRelation relation, String day) {
    return new SearchKey.Date(field, relation, LocalDate.parse(day));
  }

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of("ALL", new SearchKey.All(), true),
        Arguments.of("SEEN", new SearchKey.Flag("\\Seen", true), true),
        Arguments.of("UNSEEN", new SearchKey.Flag("\\Seen", false), false),
        Arguments.of("FLAGGED", new SearchKey.Flag("\\Flagged", true), false),
        Arguments.of("KEYWORD any case", new SearchKey.Flag("$IMPORTANT", true), true),
        Arguments.of("UNKEYWORD", new SearchKey.Flag("$Junk", false), true),
        Arguments.of("RECENT", new SearchKey.Flag("\\Recent", true), false),
        Arguments.of("NEW", new SearchKey.New(), false),
        Arguments.of("OLD", new SearchKey.Old(), true),
        Arguments.of("FROM decoded", new SearchKey.Header("FROM", "andré"), true),
        Arguments.of("FROM address", new SearchKey.Header("FROM", "ANDRE@example"), true),
        Arguments.of("FROM other", new SearchKey.Header("FROM", "bob"), false),
        Arguments.of("TO", new SearchKey.Header("TO", "bob@"), true),
        Arguments.of("CC", new SearchKey.Header("CC", "carol"), true),
        Arguments.of("BCC", new SearchKey.Header("BCC", "dave"), true),
        Arguments.of("SUBJECT encoded-word", new SearchKey.Header("SUBJECT", "grüße aus köln"), true),
        Arguments.of("SUBJECT upper case", new SearchKey.Header("SUBJECT", "KÖLN"), true),
        Arguments.of("SUBJECT raw form does not match", new SearchKey.Header("SUBJECT", "R3LDv"), false),
        Arguments.of("HEADER folded value", new SearchKey.Header("X-CUSTOM", "some folded"), true),
        Arguments.of("HEADER empty string, field present", new SearchKey.Header("X-EMPTY", ""), true),
        Arguments.of("HEADER empty string, field absent", new SearchKey.Header("X-ABSENT", ""), false),
        Arguments.of("BODY quoted-printable latin-1", new SearchKey.Body("CRÈME BRÛLÉE"), true),
        Arguments.of("BODY soft line break joined", new SearchKey.Body("softbreak"), true),
        Arguments.of("BODY base64 utf-8", new SearchKey.Body("straße nach zürich"), true),
        Arguments.of("BODY base64 latin-1", new SearchKey.Body("olé señor"), true),
        Arguments.of("BODY not in text parts", new SearchKey.Body("needle"), false),
        Arguments.of("BODY not the header", new SearchKey.Body("carol"), false),
        Arguments.of("TEXT header", new SearchKey.Text("carol"), true),
        Arguments.of("TEXT body", new SearchKey.Text("zürich"), true),
        Arguments.of("TEXT neither", new SearchKey.Text("nowhere"), false),
        Arguments.of("ON internal day", date(DateField.INTERNAL, DateRelation.ON, "2024-03-10"), true),
        Arguments.of("ON next day", date(DateField.INTERNAL, DateRelation.ON, "2024-03-11"), false),
        Arguments.of("BEFORE same day", date(DateField.INTERNAL, DateRelation.BEFORE, "2024-03-10"), false),
        Arguments.of("BEFORE next day", date(DateField.INTERNAL, DateRelation.BEFORE, "2024-03-11"), true),
        Arguments.of("SINCE same day", date(DateField.INTERNAL, DateRelation.SINCE, "2024-03-10"), true),
        Arguments.of("SINCE next day", date(DateField.INTERNAL, DateRelation.SINCE, "2024-03-11"), false),
        Arguments.of("SENTON the header's own day", date(DateField.SENT, DateRelation.ON, "2023-12-31"), true),
        Arguments.of("SENTON the UTC day", date(DateField.SENT, DateRelation.ON, "2024-01-01"), false),
        Arguments.of("SENTBEFORE", date(DateField.SENT, DateRelation.BEFORE, "2024-01-01"), true),
        Arguments.of("SENTSINCE", date(DateField.SENT, DateRelation.SINCE, "2024-01-01"), false),
        Arguments.of("LARGER than size-1", new SearchKey.Size(true, BYTES.length - 1), true),
        Arguments.of("LARGER than size", new SearchKey.Size(true, BYTES.length), false),
        Arguments.of("SMALLER than size", new SearchKey.Size(false, BYTES.length), false),
        Arguments.of("SMALLER than size+1", new SearchKey.Size(false, BYTES.length + 1), true),
        Arguments.of("UID in range", new SearchKey.Uid(set(40, 45)), true),
        Arguments.of("UID 43:*", new SearchKey.Uid(set(43, SequenceSet.STAR)), false),
        Arguments.of("UID * is the max uid", new SearchKey.Uid(set(SequenceSet.STAR, SequenceSet.STAR)), false),
        Arguments.of("sequence 3", new SearchKey.Sequence(set(3, 3)), true),
        Arguments.of("sequence *:2 is 2:5", new SearchKey.Sequence(set(SequenceSet.STAR, 2)), true),
        Arguments.of("sequence $ (saved uids)", new SearchKey.Sequence(SequenceSet.savedResult()), true),
        Arguments.of("MODSEQ equal", new SearchKey.ModSeq(Optional.empty(), Optional.empty(), 100), true),
        Arguments.of("MODSEQ above", new SearchKey.ModSeq(Optional.of("/flags/\\seen"), Optional.of("all"), 101), false),
        Arguments.of("NOT", new SearchKey.Not(new SearchKey.Flag("\\Seen", true)), false),
        Arguments.of("OR one side", new SearchKey.Or(new SearchKey.New(), new SearchKey.Header("TO", "bob")), true),
        Arguments.of("OR neither", new SearchKey.Or(new SearchKey.New(), new SearchKey.Body("nothing")), false),
        Arguments.of("AND all", new SearchKey.And(List.of(new SearchKey.Old(), new SearchKey.Body("zürich"))), true),
        Arguments.of("AND one fails", new SearchKey.And(List.of(new SearchKey.Old(), new SearchKey.New())), false),
        Arguments.of("NOT OR nested", new SearchKey.Not(new SearchKey.Or(new SearchKey.New(),
            new SearchKey.Not(new SearchKey.Text("crème")))), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void evaluatesEveryKey(String name, SearchKey key, boolean expected) {
    assertEquals(expected, SearchEvaluator.matches(key, INDEX, METADATA, CONTEXT, TEXT), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void theAsyncSearchReadsTheBodyOnlyWhenTheKeyNeedsIt(String name, SearchKey key, boolean expected) throws Exception {
    AtomicInteger reads = new AtomicInteger();
    MessageBytes bytes = (offset, length) -> {
      reads.incrementAndGet();
      return ContentFixtures.bytes(BYTES).range(offset, length);
    };
    boolean matched = new MessageSearch(new ContentSettings(1024, 1024, 1 << 20), MAT)
        .matches(key, INDEX, METADATA, CONTEXT, bytes).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(expected, matched, name);
    assertEquals(SearchEvaluator.needsBody(key) ? 1 : 0, reads.get(), name);
  }

  @Test
  void needsBodyLooksThroughNotOrAndAnd() {
    assertTrue(SearchEvaluator.needsBody(new SearchKey.Not(new SearchKey.Or(new SearchKey.All(),
        new SearchKey.And(List.of(new SearchKey.Text("x")))))));
    assertFalse(SearchEvaluator.needsBody(new SearchKey.Not(new SearchKey.Header("SUBJECT", "x"))));
  }

  @Test
  void newIsRecentAndUnseen() {
    MessageIndex fresh = new MessageIndex(1, 1, Set.of(), 10, INDEX.internalDate(), 1, true);
    assertTrue(SearchEvaluator.matches(new SearchKey.New(), fresh, METADATA, CONTEXT, null));
    assertTrue(SearchEvaluator.matches(new SearchKey.Flag("\\Recent", true), fresh, METADATA, CONTEXT, null));
    assertFalse(SearchEvaluator.matches(new SearchKey.Old(), fresh, METADATA, CONTEXT, null));
  }

  @Test
  void internalDatesCompareInTheSessionsZone() {
    SearchContext berlin = new SearchContext(5, 50, ZoneId.of("Europe/Berlin"), uid -> false);
    assertTrue(SearchEvaluator.matches(date(DateField.INTERNAL, DateRelation.ON, "2024-03-11"), INDEX, METADATA,
        berlin, null));
  }

  @Test
  void theBodyBeyondTheSearchLimitIsNotSearched() throws Exception {
    int limit = MESSAGE.indexOf("--b\r\nContent-Type: text/plain; charset=utf-8");
    MessageSearch search = new MessageSearch(new ContentSettings(1024, 1024, limit), MAT);
    assertTrue(search.matches(new SearchKey.Body("crème"), INDEX, METADATA, CONTEXT, ContentFixtures.bytes(BYTES))
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertFalse(search.matches(new SearchKey.Body("zürich"), INDEX, METADATA, CONTEXT, ContentFixtures.bytes(BYTES))
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void sentDatesAreReadAsWritten() {
    assertEquals(LocalDate.of(2023, 12, 31), SearchEvaluator.sentDay("Sun, 31 Dec 2023 23:30:00 -0800"));
    assertEquals(LocalDate.of(1999, 1, 2), SearchEvaluator.sentDay("2 Jan 99 10:00 GMT"));
    assertEquals(LocalDate.of(2004, 7, 9), SearchEvaluator.sentDay("Fri,  9 July 04 (comment) 10:00 +0000"));
    assertEquals(null, SearchEvaluator.sentDay("yesterday"));
    assertEquals(null, SearchEvaluator.sentDay("31 Feb 2024 10:00 +0000"));
  }
}
