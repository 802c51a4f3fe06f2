package io.mailcluster.smtp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.smtp.codec.BareLineEndingPolicy;
import io.mailcluster.smtp.codec.BodyType;
import io.mailcluster.smtp.codec.SessionPhase;
import io.mailcluster.smtp.codec.SmtpReplies;
import io.mailcluster.smtp.codec.SmtpReply;
import io.mailcluster.smtp.codec.SmtpSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The session driven by hand, one input at a time, asserting replies, effects and state. */
class SmtpSessionTest {

  private static SmtpSettings settings(long maxSize, int maxRcpt, int maxErrors) {
    return new SmtpSettings("mx.example.test", 512, 1000, maxSize, maxRcpt, maxErrors,
        Duration.ofMinutes(5), Duration.ofMinutes(10), 500, BareLineEndingPolicy.REJECT);
  }

  private final SmtpSession session = new SmtpSession(
      settings(1000, 3, 10), Clock.fixed(FakeEnvironment.NOW, ZoneOffset.UTC), "T1");

  private Step connect() {
    return session.handle(new SessionInput.Connected("192.0.2.10", null, FakeEnvironment.NOW));
  }

  private Step send(String text) {
    return session.handle(new SessionInput.Bytes(ByteString.fromString(text, StandardCharsets.UTF_8)));
  }

  private static long requestId(Step step) {
    return ((SessionEffect.ResolveRecipient) step.effects().get(0)).requestId();
  }

  /** Greets, EHLO, MAIL and one accepted RCPT for bob. */
  private void openTransaction(String mailLine) {
    connect();
    send("EHLO client.test\r\n");
    send(mailLine + "\r\n");
    Step rcpt = send("RCPT TO:<bob@example.test>\r\n");
    session.handle(new SessionInput.RecipientResolved(requestId(rcpt),
        new Resolution.Local(List.of("bob@example.test"))));
  }

  private static List<Class<?>> effectTypes(Step step) {
    return step.effects().stream().<Class<?>>map(Object::getClass).toList();
  }

  @Test
  void greetsWithOurHostname() {
    assertEquals(List.of(SmtpReplies.greeting("mx.example.test")), connect().replies());
  }

  @Test
  void holdsBytesThatArriveBeforeTheConnectionIsReported() {
    assertEquals(Step.NOTHING, send("NOOP\r\n"));
    assertEquals(List.of(SmtpReplies.greeting("mx.example.test"), SmtpReplies.OK), connect().replies());
  }

  @Test
  void ehloAdvertisesTheExtensionsWithTheSizeLimit() {
    connect();
    SmtpReply ehlo = send("EHLO client.test\r\n").replies().get(0);
    assertEquals(List.of("mx.example.test greets client.test", "PIPELINING", "8BITMIME",
        "SIZE 1000", "ENHANCEDSTATUSCODES", "SMTPUTF8", "CHUNKING", "BINARYMIME"), ehlo.lines());
    assertEquals(SessionPhase.GREETED, session.phase());
  }

  @Test
  void sendsTheFinal250OnlyWhenTheMessageIsStored() {
    openTransaction("MAIL FROM:<alice@example.org>");
    Step data = send("DATA\r\n");
    assertEquals(List.of(SmtpReplies.START_DATA), data.replies());
    assertEquals(List.of(SessionEffect.BeginMessage.class, SessionEffect.MessageContent.class),
        effectTypes(data));
    Step end = send("hello\r\n.\r\n");
    assertEquals(List.of(), end.replies());
    SessionEffect.CommitMessage commit = (SessionEffect.CommitMessage) end.effects().get(1);
    assertEquals(new SessionEffect.MessageContent(commit.requestId(),
        ByteString.fromString("hello\r\n")), end.effects().get(0));
    assertTrue(session.awaiting());
    Step stored = session.handle(new SessionInput.MessageStored(commit.requestId()));
    assertEquals(List.of(SmtpReplies.messageAccepted("T1-" + commit.requestId())), stored.replies());
    assertEquals(SessionPhase.GREETED, session.phase());
  }

  static Stream<Arguments> storeFailures() {
    return Stream.of(
        Arguments.of(StoreFailure.TEMPORARY, "451 4.3.0"),
        Arguments.of(StoreFailure.OVER_QUOTA, "552 5.2.2"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("storeFailures")
  void storageFailureIsReportedAndResetsTheTransaction(StoreFailure failure, String expected) {
    openTransaction("MAIL FROM:<alice@example.org>");
    send("DATA\r\n");
    Step end = send(".\r\n");
    long id = ((SessionEffect.CommitMessage) end.effects().get(0)).requestId();
    Step failed = session.handle(new SessionInput.MessageFailed(id, failure));
    SmtpReply reply = failed.replies().get(0);
    assertEquals(expected, reply.code() + " " + reply.status().orElseThrow());
    assertEquals(SessionPhase.GREETED, session.phase());
    assertEquals(List.of(), failed.effects(), "a committed message is the store's to undo");
  }

  static Stream<Arguments> resolutions() {
    return Stream.of(
        Arguments.of(new Resolution.Local(List.of("bob@example.test")), SmtpReplies.RECIPIENT_OK, 0),
        Arguments.of(new Resolution.UnknownUser(), SmtpReplies.UNKNOWN_USER, 1),
        Arguments.of(new Resolution.NotOurDomain(), SmtpReplies.RELAY_DENIED, 1),
        Arguments.of(new Resolution.OverQuota(), SmtpReplies.mailboxFull("bob@example.test"), 0),
        Arguments.of(new Resolution.Unavailable(), SmtpReplies.LOCAL_ERROR, 0));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("resolutions")
  void answersRcptFromTheResolution(Resolution resolution, SmtpReply expected, int errors) {
    connect();
    send("EHLO client.test\r\nMAIL FROM:<alice@example.org>\r\n");
    Step rcpt = send("RCPT TO:<bob@example.test>\r\n");
    assertEquals(List.of(), rcpt.replies(), "the RCPT reply waits for its lookup");
    Step answered = session.handle(new SessionInput.RecipientResolved(requestId(rcpt), resolution));
    assertEquals(List.of(expected), answered.replies());
    assertEquals(errors, session.errors());
  }

  @Test
  void pipelinedCommandsWaitForEachLookupAndKeepTheirOrder() {
    connect();
    Step first = send("EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.test>\r\n"
        + "RCPT TO:<c@example.test>\r\nNOOP\r\n");
    assertEquals(2, first.replies().size()); // EHLO, MAIL; then the first RCPT waits
    assertEquals(new SessionEffect.ResolveRecipient(1, "b@example.test", OptionalLong.empty()), first.effects().get(0));
    assertTrue(session.awaiting());
    assertEquals(Step.NOTHING, send("QUIT\r\n"), "input while waiting is only held");
    Step second = session.handle(new SessionInput.RecipientResolved(1, new Resolution.UnknownUser()));
    assertEquals(List.of(SmtpReplies.UNKNOWN_USER), second.replies());
    assertEquals(List.of(new SessionEffect.ResolveRecipient(2, "c@example.test", OptionalLong.empty())), second.effects());
    Step third = session.handle(new SessionInput.RecipientResolved(2,
        new Resolution.Local(List.of("c@example.test"))));
    assertEquals(List.of(SmtpReplies.RECIPIENT_OK, SmtpReplies.OK,
        SmtpReplies.closing("mx.example.test")), third.replies());
    assertTrue(third.closes());
  }

  @Test
  void ignoresAnAnswerToARequestItDidNotMake() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.test>\r\n");
    assertEquals(Step.NOTHING, session.handle(new SessionInput.RecipientResolved(99,
        new Resolution.UnknownUser())));
    assertEquals(Step.NOTHING, session.handle(new SessionInput.MessageStored(1)));
    assertTrue(session.awaiting());
  }

  @Test
  void envelopeCarriesExpandedDeduplicatedMailboxesBodyTypeAndSmtpUtf8() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org> BODY=8BITMIME SMTPUTF8\r\n");
    Step r1 = send("RCPT TO:<team@example.test>\r\n");
    session.handle(new SessionInput.RecipientResolved(requestId(r1),
        new Resolution.Local(List.of("bob@example.test", "carol@example.test"))));
    Step r2 = send("RCPT TO:<bob@example.test>\r\n");
    session.handle(new SessionInput.RecipientResolved(requestId(r2),
        new Resolution.Local(List.of("bob@example.test"))));
    Step data = send("DATA\r\n");
    SessionEffect.BeginMessage begin = (SessionEffect.BeginMessage) data.effects().get(0);
    assertEquals(new SessionEffect.Envelope("a@x.org",
        List.of("bob@example.test", "carol@example.test"), BodyType.EIGHT_BIT_MIME, true),
        begin.envelope());
    String trace = ((SessionEffect.MessageContent) data.effects().get(1)).bytes().utf8String();
    assertTrue(trace.contains(" with UTF8SMTP id T1-3;"), trace);
    assertFalse(trace.contains("for <"), "no 'for' clause with several recipients: " + trace);
  }

  @Test
  void traceHeadersNameTheRealClientHeloProtocolRecipientAndDate() {
    String trace = TraceHeaders.render("", "client.test", "host.example.org", "2001:db8::1",
        "mx.example.test", TraceHeaders.protocol(false, false), "T1-2", "bob@example.test",
        FakeEnvironment.NOW).utf8String();
    assertEquals("Return-Path: <>\r\n"
        + "Received: from client.test (host.example.org [IPv6:2001:db8::1])\r\n"
        + "\tby mx.example.test with SMTP id T1-2\r\n"
        + "\tfor <bob@example.test>;\r\n"
        + "\tSat, 28 Nov 2026 17:00:00 +0000\r\n", trace);
  }

  @Test
  void heloNameCannotInjectIntoTheReceivedHeader() {
    String trace = TraceHeaders.render("a@x.org", "evil);x", null, "192.0.2.1", "mx", "ESMTP",
        "T1-1", null, FakeEnvironment.NOW).utf8String();
    assertTrue(trace.contains("from evil??x ([192.0.2.1])"), trace);
  }

  @Test
  void refusesUtf8RecipientWithoutSmtpUtf8() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org>\r\n");
    Step rcpt = send("RCPT TO:<jöran@example.test>\r\n");
    assertEquals(List.of(SmtpReplies.UTF8_ADDRESS_NEEDS_SMTPUTF8), rcpt.replies());
    assertEquals(List.of(), rcpt.effects());
  }

  @Test
  void resolvesUtf8RecipientWhenMailSaidSmtpUtf8() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org> SMTPUTF8\r\n");
    Step rcpt = send("RCPT TO:<jöran@example.test>\r\n");
    assertEquals(List.of(new SessionEffect.ResolveRecipient(1, "jöran@example.test", OptionalLong.empty())), rcpt.effects());
  }

  @Test
  void rcptLookupCarriesTheSizeMailFromDeclaredForTheQuotaCheck() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org> SIZE=700\r\n");
    Step rcpt = send("RCPT TO:<b@example.test>\r\n");
    assertEquals(List.of(new SessionEffect.ResolveRecipient(1, "b@example.test", OptionalLong.of(700))),
        rcpt.effects());
  }

  @Test
  void fullMailboxRefusesThatRecipientOnlyAndTheTransactionGoesOn() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org>\r\n");
    Step full = send("RCPT TO:<b@example.test>\r\n");
    Step refused = session.handle(new SessionInput.RecipientResolved(requestId(full), new Resolution.OverQuota()));
    assertEquals("552 5.2.2 <b@example.test>: mailbox full",
        refused.replies().get(0).code() + " " + refused.replies().get(0).status().orElseThrow()
            + " " + refused.replies().get(0).lines().get(0));
    Step other = send("RCPT TO:<c@example.test>\r\n");
    Step accepted = session.handle(new SessionInput.RecipientResolved(requestId(other),
        new Resolution.Local(List.of("c@example.test"))));
    assertEquals(List.of(SmtpReplies.RECIPIENT_OK), accepted.replies());
    assertEquals(SessionPhase.RCPT, session.phase());
  }

  @Test
  void acceptsDeclaredSizeEqualToTheLimitAndRefusesOneMore() {
    connect();
    send("EHLO c\r\n");
    assertEquals(List.of(SmtpReplies.MESSAGE_TOO_BIG), send("MAIL FROM:<a@x.org> SIZE=1001\r\n").replies());
    assertEquals(List.of(SmtpReplies.SENDER_OK), send("MAIL FROM:<a@x.org> SIZE=1000\r\n").replies());
  }

  @Test
  void tooManyRecipientsIsNotCountedAsAnError() {
    SmtpSession one = new SmtpSession(settings(1000, 1, 10), Clock.systemUTC(), "T2");
    one.handle(new SessionInput.Connected("192.0.2.1", null, FakeEnvironment.NOW));
    Step s = one.handle(new SessionInput.Bytes(ByteString.fromString(
        "EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.test>\r\n")));
    one.handle(new SessionInput.RecipientResolved(requestId(new Step(List.of(), s.effects())),
        new Resolution.Local(List.of("b@example.test"))));
    Step over = one.handle(new SessionInput.Bytes(ByteString.fromString("RCPT TO:<c@example.test>\r\n")));
    assertEquals(List.of(SmtpReplies.TOO_MANY_RECIPIENTS), over.replies());
    assertEquals(0, one.errors());
  }

  @Test
  void textLineTooLongAbortsTheMessage() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("DATA\r\n");
    Step end = send("x".repeat(1200) + "\r\n.\r\n");
    assertEquals(List.of(SmtpReplies.TEXT_LINE_TOO_LONG), end.replies());
    assertInstanceOf(SessionEffect.AbortMessage.class, end.effects().get(end.effects().size() - 1));
    assertEquals(SessionPhase.GREETED, session.phase());
  }

  @Test
  void bdatOverTheSizeLimitIsReadRefusedAndLaterChunksAreDiscarded() {
    openTransaction("MAIL FROM:<a@x.org>");
    Step first = send("BDAT 600\r\n" + "a".repeat(600));
    assertEquals(List.of(SmtpReplies.chunkReceived(600)), first.replies());
    Step second = send("BDAT 600\r\n" + "NOOP\r\n".repeat(100));
    assertEquals(List.of(SmtpReplies.MESSAGE_TOO_BIG), second.replies());
    assertEquals(List.of(SessionEffect.AbortMessage.class), effectTypes(second),
        "no content of the refused chunk reaches the store");
    Step third = send("BDAT 6 LAST\r\nQUIT\r\n");
    assertEquals(List.of(SmtpReplies.BAD_SEQUENCE), third.replies(), "QUIT was chunk content");
    assertFalse(third.closes());
  }

  @Test
  void bdatWithoutAcceptedRecipientGets554AndItsChunkIsStillRead() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org>\r\n");
    Step s = send("BDAT 6 LAST\r\nQUIT\r\nNOOP\r\n");
    assertEquals(List.of(SmtpReplies.NO_VALID_RECIPIENTS, SmtpReplies.OK), s.replies());
    assertEquals(List.of(), s.effects());
  }

  @Test
  void rsetBetweenBdatChunksAbortsTheMessage() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("BDAT 3\r\nabc");
    Step rset = send("RSET\r\n");
    assertEquals(List.of(SmtpReplies.RESET_OK), rset.replies());
    assertEquals(List.of(SessionEffect.AbortMessage.class), effectTypes(rset));
  }

  @Test
  void timeoutAnswers421AndAbortsAMessageInProgress() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("DATA\r\npartial");
    assertTrue(session.readingContent());
    Step t = session.handle(new SessionInput.Timeout());
    assertEquals(List.of(SmtpReplies.TIMEOUT), t.replies());
    assertEquals(List.of(SessionEffect.AbortMessage.class, SessionEffect.Close.class), effectTypes(t));
    assertEquals(Step.NOTHING, send("QUIT\r\n"), "nothing after Close");
  }

  @Test
  void timeoutWhileWeWaitOnTheEnvironmentIsIgnored() {
    connect();
    send("EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@example.test>\r\n");
    assertEquals(Step.NOTHING, session.handle(new SessionInput.Timeout()));
  }

  @Test
  void shuttingDownAnswers421() {
    connect();
    Step s = session.handle(new SessionInput.ShuttingDown());
    assertEquals(List.of(SmtpReplies.SHUTTING_DOWN), s.replies());
    assertTrue(s.closes());
  }

  @Test
  void shuttingDownDuringCommitSendsTheOutcomeFirst() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("DATA\r\n");
    Step end = send(".\r\nNOOP\r\n");
    long id = ((SessionEffect.CommitMessage) end.effects().get(0)).requestId();
    assertEquals(Step.NOTHING, session.handle(new SessionInput.ShuttingDown()));
    Step stored = session.handle(new SessionInput.MessageStored(id));
    assertEquals(List.of(SmtpReplies.messageAccepted("T1-" + id), SmtpReplies.SHUTTING_DOWN),
        stored.replies());
    assertTrue(stored.closes());
  }

  @Test
  void clientVanishingMidMessageAbortsIt() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("DATA\r\nSubject: x\r\n");
    Step gone = session.handle(new SessionInput.Disconnected());
    assertEquals(List.of(SessionEffect.AbortMessage.class, SessionEffect.Close.class), effectTypes(gone));
  }

  @Test
  void reachingMaxErrorsAnswers421AndCloses() {
    SmtpSession strict = new SmtpSession(settings(1000, 3, 2), Clock.systemUTC(), "T3");
    strict.handle(new SessionInput.Connected("192.0.2.1", null, FakeEnvironment.NOW));
    Step s = strict.handle(new SessionInput.Bytes(ByteString.fromString("X\r\nY\r\nNOOP\r\n")));
    assertEquals(List.of(SmtpReplies.UNRECOGNIZED, SmtpReplies.UNRECOGNIZED,
        SmtpReplies.TOO_MANY_ERRORS), s.replies());
    assertTrue(s.closes());
    assertTrue(strict.isClosed());
  }

  @Test
  void dataAfterBinaryMimeIs503() {
    openTransaction("MAIL FROM:<a@x.org> BODY=BINARYMIME");
    assertEquals(List.of(SmtpReplies.BAD_SEQUENCE), send("DATA\r\n").replies());
  }

  @Test
  void ehloInsideATransactionResetsIt() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("EHLO again\r\n");
    assertEquals(SessionPhase.GREETED, session.phase());
    assertEquals(List.of(SmtpReplies.BAD_SEQUENCE), send("DATA\r\n").replies());
  }

  @Test
  void mailParametersAfterHeloAreRefused() {
    connect();
    send("HELO c\r\n");
    SmtpReply reply = send("MAIL FROM:<a@x.org> BODY=8BITMIME\r\n").replies().get(0);
    assertEquals(555, reply.code());
    assertEquals(List.of(SmtpReplies.SENDER_OK), send("MAIL FROM:<a@x.org>\r\n").replies());
  }

  @Test
  void nullSenderGetsAnEmptyReturnPath() {
    openTransaction("MAIL FROM:<>");
    Step data = send("DATA\r\n");
    String trace = ((SessionEffect.MessageContent) data.effects().get(1)).bytes().utf8String();
    assertTrue(trace.startsWith("Return-Path: <>\r\nReceived: from client.test ([192.0.2.10])\r\n"
        + "\tby mx.example.test with ESMTP id T1-2\r\n\tfor <bob@example.test>;\r\n"), trace);
  }

  @Test
  void messageContentIsStreamedAsItArrives() {
    openTransaction("MAIL FROM:<a@x.org>");
    send("DATA\r\n");
    Step part = send("first line\r\nsecond");
    assertEquals(List.of(), part.replies());
    assertTrue(part.effects().stream().allMatch(SessionEffect.MessageContent.class::isInstance));
    assertFalse(part.effects().isEmpty(), "content leaves before the end of DATA");
  }
}
