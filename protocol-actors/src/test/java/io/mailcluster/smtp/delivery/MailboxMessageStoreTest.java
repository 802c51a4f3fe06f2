package io.mailcluster.smtp.delivery;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.blob.BlobRef;
import io.mailcluster.control.Rejection;
import io.mailcluster.mailbox.AppendRequest;
import io.mailcluster.quota.Quota;
import io.mailcluster.smtp.codec.BodyType;
import io.mailcluster.smtp.session.SessionEffect;
import io.mailcluster.smtp.session.StoreFailure;
import io.mailcluster.smtp.transport.MessageUpload;
import io.mailcluster.smtp.transport.StoreFailedException;
import io.mailcluster.testing.LogCapturing;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's protocol with a fake blob sink and fake folders: no Cassandra, no entities. */
@ExtendWith(LogCapturing.class)
class MailboxMessageStoreTest {

  private static final ActorTestKit testKit = ActorTestKit.create("MailboxMessageStoreTest");
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final Map<String, String> INBOXES =
      Map.of("a@x.test", "inbox-a", "b@x.test", "inbox-b");

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  /** Collects the bytes; the blob id is the content itself, so tests can read it back. */
  private static Sink<ByteString, CompletionStage<BlobRef>> collecting() {
    return Sink.<ByteString, ByteString>fold(ByteString.emptyByteString(), ByteString::concat)
        .mapMaterializedValue(all -> all.thenApply(b -> new BlobRef("blob:" + b.utf8String(), b.size())));
  }

  private final Map<String, AppendRequest> appended = new ConcurrentHashMap<>();
  /** Each mailbox's quota; unlimited when absent. */
  private final Map<String, CompletionStage<Quota>> quotas = new ConcurrentHashMap<>();

  private MailboxMessageStore store(Supplier<Sink<ByteString, CompletionStage<BlobRef>>> sink,
      String failingFolder) {
    return new MailboxMessageStore(MAT, sink,
        mailbox -> INBOXES.containsKey(mailbox)
            ? CompletableFuture.completedStage(INBOXES.get(mailbox))
            : CompletableFuture.failedStage(Rejection.notFound("account " + mailbox + " does not exist")),
        (folder, request) -> {
          if (folder.equals(failingFolder)) {
            return CompletableFuture.failedStage(new TimeoutException("folder did not answer"));
          }
          appended.put(folder, request);
          return CompletableFuture.completedStage(null);
        },
        mailbox -> quotas.getOrDefault(mailbox, CompletableFuture.completedStage(Quota.unlimited())),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static SessionEffect.Envelope envelope(String... recipients) {
    return new SessionEffect.Envelope("s@remote.test", List.of(recipients), BodyType.SEVEN_BIT, false);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, SECONDS);
  }

  private static void send(MessageUpload upload, String... chunks) throws Exception {
    for (String chunk : chunks) {
      await(upload.offer(ByteString.fromString(chunk)));
    }
  }

  private static StoreFailure failureOf(CompletionStage<Void> commit) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(commit));
    return assertInstanceOf(StoreFailedException.class, e.getCause()).failure();
  }

  @Test
  void commitStoresOneBlobAndAppendsItToEveryInbox() throws Exception {
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, null)
        .begin(envelope("a@x.test", "b@x.test"), "sess-1");
    send(upload, "Received: x\r\n", "\r\nbody\r\n");
    await(upload.commit());

    assertEquals(2, appended.size());
    AppendRequest toA = appended.get("inbox-a");
    assertTrue(toA.idempotencyKey().matches("smtp:[0-9a-f]{64}"), toA.idempotencyKey());
    assertEquals("blob:Received: x\r\n\r\nbody\r\n", toA.blobId());
    assertEquals(21, toA.size());
    assertEquals(NOW, toA.internalDate());
    assertTrue(toA.flags().isEmpty());
    AppendRequest toB = appended.get("inbox-b");
    assertNotEquals(toA.idempotencyKey(), toB.idempotencyKey(), "one key per mailbox");
    assertEquals(toA.blobId(), toB.blobId(), "one blob for every recipient");
  }

  @Test
  void aFailedAppendFailsTheCommitWith451() throws Exception {
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, "inbox-b")
        .begin(envelope("a@x.test", "b@x.test"), "sess-2");
    send(upload, "hello\r\n");
    assertEquals(StoreFailure.TEMPORARY, failureOf(upload.commit()));
    // documented: the other recipient's append stays (an event is never taken back)
    assertTrue(appended.containsKey("inbox-a"));
  }

  @Test
  void anInboxThatCannotBeFoundFailsTheCommitWith451() throws Exception {
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, null)
        .begin(envelope("gone@x.test"), "sess-3");
    send(upload, "hello\r\n");
    assertEquals(StoreFailure.TEMPORARY, failureOf(upload.commit()));
  }

  @Test
  void aFailedBlobUploadFailsTheCommitAndAppendsNothing() throws Exception {
    Supplier<Sink<ByteString, CompletionStage<BlobRef>>> broken = () -> Flow.of(ByteString.class)
        .<ByteString>map(b -> {
          throw new IllegalStateException("cassandra down");
        })
        .toMat(collecting(), Keep.right());
    MessageUpload upload = store(broken, null).begin(envelope("a@x.test"), "sess-4");
    upload.offer(ByteString.fromString("hello\r\n")); // may fail already: the stream is broken
    assertEquals(StoreFailure.TEMPORARY, failureOf(upload.commit()));
    assertTrue(appended.isEmpty());
  }

  /** A store whose blob stage is kept, to see whether the upload was ended or aborted. */
  private MessageUpload watchedUpload(AtomicReference<CompletionStage<BlobRef>> blob,
      SessionEffect.Envelope envelope, String messageId) {
    return store(() -> collecting().mapMaterializedValue(b -> {
      blob.set(b);
      return b;
    }), null).begin(envelope, messageId);
  }

  @Test
  void oneRecipientOverQuotaIsRefusedWith552AndNothingIsStored() throws Exception {
    quotas.put("a@x.test", CompletableFuture.completedStage(new Quota(40, 20)));
    AtomicReference<CompletionStage<BlobRef>> blob = new AtomicReference<>();
    MessageUpload upload = watchedUpload(blob, envelope("a@x.test"), "sess-q1");
    send(upload, "Received: x\r\n", "\r\nbody\r\n"); // 21 octets: 20 + 21 > 40
    assertEquals(StoreFailure.OVER_QUOTA, failureOf(upload.commit()));
    assertTrue(appended.isEmpty());
    assertThrows(ExecutionException.class, () -> await(blob.get()), "the blob upload is aborted");
  }

  @Test
  void aMessageThatExactlyFillsTheQuotaIsStored() throws Exception {
    quotas.put("a@x.test", CompletableFuture.completedStage(new Quota(41, 20)));
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, null)
        .begin(envelope("a@x.test"), "sess-q2");
    send(upload, "Received: x\r\n", "\r\nbody\r\n");
    await(upload.commit());
    assertEquals(21, appended.get("inbox-a").size());
  }

  @Test
  void withSeveralRecipientsSomeOverQuotaEveryoneGetsTheMessage() throws Exception {
    quotas.put("a@x.test", CompletableFuture.completedStage(new Quota(40, 40)));
    quotas.put("b@x.test", CompletableFuture.completedStage(new Quota(1000, 20)));
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, null)
        .begin(envelope("a@x.test", "b@x.test"), "sess-q3");
    send(upload, "hello\r\n");
    await(upload.commit());
    assertEquals(java.util.Set.of("inbox-a", "inbox-b"), appended.keySet(), "never dropped silently");
  }

  @Test
  void withSeveralRecipientsAllOverQuotaTheMessageIsRefused() throws Exception {
    quotas.put("a@x.test", CompletableFuture.completedStage(new Quota(40, 40)));
    quotas.put("b@x.test", CompletableFuture.completedStage(new Quota(10, 5)));
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, null)
        .begin(envelope("a@x.test", "b@x.test"), "sess-q4");
    send(upload, "hello\r\n");
    assertEquals(StoreFailure.OVER_QUOTA, failureOf(upload.commit()));
    assertTrue(appended.isEmpty());
  }

  @Test
  void aQuotaThatCannotBeComputedFailsWith451AndStoresNothing() throws Exception {
    quotas.put("b@x.test", CompletableFuture.failedStage(new TimeoutException("folder did not answer")));
    AtomicReference<CompletionStage<BlobRef>> blob = new AtomicReference<>();
    MessageUpload upload = watchedUpload(blob, envelope("a@x.test", "b@x.test"), "sess-q5");
    send(upload, "hello\r\n");
    assertEquals(StoreFailure.TEMPORARY, failureOf(upload.commit()));
    assertTrue(appended.isEmpty());
    assertThrows(ExecutionException.class, () -> await(blob.get()), "the blob upload is aborted");
  }

  @Test
  void offersWaitWhileTheBlobStoreIsSlow() throws Exception {
    CompletableFuture<ByteString> gate = new CompletableFuture<>();
    AtomicReference<CompletionStage<BlobRef>> blob = new AtomicReference<>();
    Supplier<Sink<ByteString, CompletionStage<BlobRef>>> slow = () -> Flow.of(ByteString.class)
        .mapAsync(1, b -> gate.thenApply(open -> b))
        .toMat(collecting(), Keep.right())
        .mapMaterializedValue(b -> {
          blob.set(b);
          return b;
        });
    MessageUpload upload = store(slow, null).begin(envelope("a@x.test"), "sess-5");
    CompletionStage<Void> pending = null;
    for (int i = 0; i < 200 && pending == null; i++) {
      CompletionStage<Void> offer = upload.offer(ByteString.fromString("x"));
      try {
        offer.toCompletableFuture().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWaiting) {
        pending = offer;
      }
    }
    assertTrue(pending != null, "a bounded buffer holds the offers back");
    gate.complete(ByteString.emptyByteString());
    await(pending);
    await(upload.commit());
    assertEquals(1, appended.size());
  }

  @Test
  void abortCancelsTheUpload() throws Exception {
    AtomicReference<CompletionStage<BlobRef>> blob = new AtomicReference<>();
    MessageUpload upload = store(() -> collecting().mapMaterializedValue(b -> {
      blob.set(b);
      return b;
    }), null).begin(envelope("a@x.test"), "sess-6");
    send(upload, "partial");
    upload.abort();
    upload.abort(); // idempotent
    assertThrows(ExecutionException.class, () -> await(blob.get()));
    assertEquals(StoreFailure.TEMPORARY, failureOf(upload.commit()));
    assertTrue(appended.isEmpty());
  }

  /** The keys one attempt appends with, per INBOX. */
  private Map<String, String> keysOf(String reversePath, String messageId, String... chunks)
      throws Exception {
    appended.clear();
    MessageUpload upload = store(MailboxMessageStoreTest::collecting, null).begin(
        new SessionEffect.Envelope(reversePath, List.of("a@x.test", "b@x.test"),
            BodyType.SEVEN_BIT, false), messageId);
    send(upload, chunks);
    await(upload.commit());
    Map<String, String> keys = new java.util.HashMap<>();
    appended.forEach((folder, request) -> keys.put(folder, request.idempotencyKey()));
    return keys;
  }

  @Test
  void aRetryOfTheSameMessageAppendsWithTheSameKeys() throws Exception {
    Map<String, String> first = keysOf("s@remote.test", "sess-7", "Received: by 1\r\n", "Subject: a\r\n\r\nbody\r\n");
    // a new attempt: other transaction id, other trace headers, content chunked differently
    Map<String, String> retry = keysOf("s@remote.test", "sess-8", "Received: by 2, later\r\n", "Subject: a\r\n", "\r\nbody\r\n");
    assertEquals(first, retry);
  }

  @Test
  void anotherSenderOrOtherContentIsAnotherDelivery() throws Exception {
    Map<String, String> original = keysOf("s@remote.test", "sess-9", "R\r\n", "Subject: a\r\n\r\nbody\r\n");
    Map<String, String> otherSender = keysOf("t@remote.test", "sess-9", "R\r\n", "Subject: a\r\n\r\nbody\r\n");
    Map<String, String> otherBody = keysOf("s@remote.test", "sess-9", "R\r\n", "Subject: a\r\n\r\nbody!\r\n");
    Map<String, String> nullSender = keysOf("", "sess-9", "R\r\n", "Subject: a\r\n\r\nbody\r\n");
    assertNotEquals(original.get("inbox-a"), otherSender.get("inbox-a"));
    assertNotEquals(original.get("inbox-a"), otherBody.get("inbox-a"));
    assertNotEquals(original.get("inbox-a"), nullSender.get("inbox-a"));
  }

  @Test
  void aRetryAfterAPartialFailureRepeatsTheKeyTheSucceededRecipientAlreadyHas() throws Exception {
    MessageUpload failing = store(MailboxMessageStoreTest::collecting, "inbox-b")
        .begin(envelope("a@x.test", "b@x.test"), "sess-10");
    send(failing, "Received: first\r\n", "hello\r\n");
    assertEquals(StoreFailure.TEMPORARY, failureOf(failing.commit()));
    String keyInA = appended.get("inbox-a").idempotencyKey();

    MessageUpload retry = store(MailboxMessageStoreTest::collecting, null)
        .begin(envelope("a@x.test", "b@x.test"), "sess-11");
    send(retry, "Received: second\r\n", "hello\r\n");
    await(retry.commit());
    assertEquals(keyInA, appended.get("inbox-a").idempotencyKey(),
        "inbox-a drops the repeat: it already applied this key");
  }
}
