package io.mailcluster.projections.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mime.HeaderField;
import io.mailcluster.mime.MessageMetadata;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Adds to a delivery's audit record what its event does not hold: the message's Message-ID and
 * its sender, read from the metadata parsed at ingest. The sender is the envelope's reverse path
 * (our Return-Path trace field) when the message came by SMTP, else the first From address
 * (mailbox@host, never the display name).
 * Both are null when the message has none, or its metadata is not stored (older messages).
 */
public final class DeliveryDetails {

  private final Function<String, CompletionStage<Optional<MessageMetadata>>> metadata;

  /** @param metadata the metadata of a blob id (the node's MetadataStore::get) */
  public DeliveryDetails(Function<String, CompletionStage<Optional<MessageMetadata>>> metadata) {
    this.metadata = metadata;
  }

  /** The record itself for every event but a MessageAppended; that one with the two fields. */
  public CompletionStage<AuditRecord> added(AuditRecord record, Object event) {
    if (!(event instanceof Folder.MessageAppended appended)) {
      return CompletableFuture.completedFuture(record);
    }
    return metadata.apply(appended.blobId()).thenApply(found -> {
      ObjectNode fields = (ObjectNode) record.fields();
      fields.put("messageId", found.map(m -> m.envelope().messageId()).orElse(null));
      fields.put("sender", found.map(DeliveryDetails::sender).orElse(null));
      return record;
    });
  }

  private static String sender(MessageMetadata metadata) {
    for (HeaderField field : metadata.headers()) {
      if (field.name().equalsIgnoreCase("Return-Path")) {
        String path = field.unfolded().trim();
        return path.startsWith("<") && path.endsWith(">")
            ? path.substring(1, path.length() - 1) : path;
      }
    }
    return metadata.envelope().from().stream()
        .filter(a -> a.mailbox() != null && a.host() != null)
        .map(a -> a.mailbox() + "@" + a.host())
        .findFirst().orElse(null);
  }
}
