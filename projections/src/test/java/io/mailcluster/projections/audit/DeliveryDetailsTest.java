package io.mailcluster.projections.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.mailbox.Folder;
import io.mailcluster.mime.Envelope;
import io.mailcluster.mime.EnvelopeAddress;
import io.mailcluster.mime.HeaderField;
import io.mailcluster.mime.MessageMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeliveryDetailsTest {

  private static final Folder.MessageAppended APPENDED =
      new Folder.MessageAppended(1, "blob-1", 321, Instant.EPOCH, null, 2, "k");

  @Test
  void addsTheMessageIdAndTheReversePathOfADelivery() {
    AuditRecord record = detailed(metadata(List.of(
        new HeaderField("Return-Path", " <bounce@remote.test>"),
        new HeaderField("From", " Someone <someone@remote.test>")), "<m1@remote.test>"));
    assertEquals("<m1@remote.test>", record.field("messageId"));
    assertEquals("bounce@remote.test", record.field("sender"));
    assertEquals("321", record.field("size"));
  }

  @Test
  void fallsBackToTheFromAddressWithoutAReturnPath() {
    AuditRecord record = detailed(metadata(List.of(
        new HeaderField("From", " Someone <someone@remote.test>")), null));
    assertEquals(null, record.field("messageId"));
    assertEquals("someone@remote.test", record.field("sender"));
  }

  @Test
  void leavesBothNullWhenTheMetadataIsNotStored() {
    AuditRecord record = new DeliveryDetails(blob -> CompletableFuture.completedFuture(
        Optional.<MessageMetadata>empty())).added(record(APPENDED), APPENDED)
        .toCompletableFuture().join();
    assertTrue(record.fields().has("messageId"));
    assertEquals(null, record.field("messageId"));
    assertEquals(null, record.field("sender"));
  }

  @Test
  void leavesOtherEventsAsTheyAre() {
    Folder.FolderRenamed renamed = new Folder.FolderRenamed("Work");
    AuditRecord record = record(renamed);
    DeliveryDetails details = new DeliveryDetails(blob -> {
      throw new AssertionError("no metadata read for " + blob);
    });
    assertSame(record, details.added(record, renamed).toCompletableFuture().join());
  }

  private static AuditRecord detailed(MessageMetadata metadata) {
    Map<String, MessageMetadata> stored = Map.of("blob-1", metadata);
    return new DeliveryDetails(blob -> CompletableFuture.completedFuture(
        Optional.ofNullable(stored.get(blob)))).added(record(APPENDED), APPENDED)
        .toCompletableFuture().join();
  }

  private static AuditRecord record(Object event) {
    return AuditRecord.of(1_000, "INBOX", "f-1", 2, event);
  }

  private static MessageMetadata metadata(List<HeaderField> headers, String messageId) {
    Envelope envelope = new Envelope(null, null,
        List.of(new EnvelopeAddress("Someone", null, "someone", "remote.test")), List.of(),
        List.of(), List.of(), List.of(), List.of(), null, messageId);
    return new MessageMetadata(envelope, null, headers, false, null, "Someone", 321, null, false,
        true);
  }
}
