package io.mailcluster.projections.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.control.Account;
import io.mailcluster.mailbox.Folder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void mergesEntityStreamsByTimestampAccountFirstOnTiesThenBySequenceNumber() throws Exception {
    Source<AuditRecord, NotUsed> account = Source.from(List.of(
        record(10, null, 1), record(10, null, 2), record(30, null, 3)));
    Source<AuditRecord, NotUsed> inbox = Source.from(List.of(
        record(10, "f-inbox", 1), record(20, "f-inbox", 2), record(30, "f-inbox", 3)));
    Source<AuditRecord, NotUsed> archive = Source.from(List.of(
        record(10, "f-archive", 1), record(30, "f-archive", 2)));
    List<AuditRecord> merged = AuditRecord.merged(List.of(account, inbox, archive))
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("10 account 1", "10 account 2", "10 f-archive 1", "10 f-inbox 1",
            "20 f-inbox 2", "30 account 3", "30 f-archive 2", "30 f-inbox 3"),
        merged.stream().map(r -> r.timestamp().toEpochMilli() + " "
            + (r.isFolder() ? r.folderId() : "account") + " " + r.sequenceNr()).toList());
  }

  @Test
  void redactsPasswordHashesAndNamesTheEventByItsClass() {
    AuditRecord created = AuditRecord.of(1_000, AuditRecord.ACCOUNT, null, 1,
        new Account.AccountCreated("$argon2id$secret", 5, Instant.parse("2026-11-28T21:30:05Z")));
    assertEquals("AccountCreated", created.event());
    assertEquals("{\"passwordHash\":\"<redacted>\",\"quotaBytes\":5,"
        + "\"createdAt\":\"2026-11-28T21:30:05Z\"}", created.fields().toString());
    assertEquals(Instant.parse("1970-01-01T00:00:01Z"), created.timestamp());
    AuditRecord changed = AuditRecord.of(2_000, AuditRecord.ACCOUNT, null, 2,
        new Account.PasswordChanged("$argon2id$other", Instant.parse("2026-11-28T21:30:06Z")));
    assertEquals("<redacted>", changed.field("passwordHash"));
    assertEquals("{}", AuditRecord.of(3_000, AuditRecord.ACCOUNT, null, 3,
        new Account.AccountRemoved()).fields().toString());
  }

  @Test
  void writesFolderEventFieldsAsJson() {
    AuditRecord flagged = AuditRecord.of(1_000, "INBOX", "f", 3, new Folder.FlagsChanged(
        List.of(1L), io.mailcluster.mailbox.FlagMode.ADD, new TreeSet<>(List.of("\\Flagged")), 3));
    assertEquals("FlagsChanged", flagged.event());
    assertEquals("[1]", flagged.fields().get("uids").toString());
    assertEquals("[\"\\\\Flagged\"]", flagged.fields().get("flags").toString());
  }

  @Test
  void filtersSinceInclusiveUntilExclusive() {
    AuditFilter filter = AuditFilter.of(Optional.of("2026-11-28T21:30:00Z"),
        Optional.of("2026-11-28T22:00:00Z"), Optional.empty());
    assertEquals(true, filter.admits(Instant.parse("2026-11-28T21:30:00Z")));
    assertEquals(false, filter.admits(Instant.parse("2026-11-28T22:00:00Z")));
    assertEquals(false, filter.admits(Instant.parse("2026-11-28T21:29:59.999Z")));
  }

  private static AuditRecord record(long millis, String folderId, long sequenceNr) {
    return new AuditRecord(Instant.ofEpochMilli(millis), folderId == null ? "account" : folderId,
        folderId, sequenceNr, "E", null);
  }
}
