package io.mailcluster.projections.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One journal event of an account's history, as the audit answers it (one JSON line each).
 *
 * @param entity {@link #ACCOUNT}, or the folder's name when the event was written
 * @param folderId null for the account's own events
 * @param event the event's simple class name
 * @param fields the event's fields as JSON, every field named like {@code password...} redacted
 */
public record AuditRecord(
    Instant timestamp, String entity, String folderId, long sequenceNr, String event,
    JsonNode fields) {

  public static final String ACCOUNT = "account";
  static final String REDACTED = "<redacted>";

  /** By timestamp; on a tie the account's events first, then by sequence number, then folder id. */
  public static final Comparator<AuditRecord> ORDER = Comparator.comparing(AuditRecord::timestamp)
      .thenComparing(AuditRecord::isFolder)
      .thenComparingLong(AuditRecord::sequenceNr)
      .thenComparing(r -> r.isFolder() ? r.folderId() : "");

  /** Events as JSON: ISO-8601 instants; events without fields (AccountRemoved()) are {}. */
  private static final ObjectMapper FIELDS = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new ParameterNamesModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  public static AuditRecord of(
      long timestampMillis, String entity, String folderId, long sequenceNr, Object event) {
    JsonNode fields = FIELDS.valueToTree(event);
    return new AuditRecord(Instant.ofEpochMilli(timestampMillis), entity, folderId, sequenceNr,
        event.getClass().getSimpleName(), redacted(fields));
  }

  public boolean isFolder() {
    return folderId != null;
  }

  /** The value of a text field of the event, or null. */
  public String field(String name) {
    JsonNode value = fields.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  /**
   * The per-entity streams merged into one timeline by {@link #ORDER}, as a balanced tree of
   * two-way sorted merges. Each input must already be in that order (a journal stream is, as
   * long as its writers' clocks did not go back); each merge holds one element per side.
   */
  public static Source<AuditRecord, NotUsed> merged(List<Source<AuditRecord, NotUsed>> sources) {
    if (sources.isEmpty()) {
      return Source.empty();
    }
    List<Source<AuditRecord, NotUsed>> level = sources;
    while (level.size() > 1) {
      List<Source<AuditRecord, NotUsed>> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? level.get(i).mergeSorted(level.get(i + 1), ORDER)
            : level.get(i));
      }
      level = next;
    }
    return level.get(0);
  }

  /** {@code json} with every field whose name contains "password" replaced, at any depth. */
  static JsonNode redacted(JsonNode json) {
    if (json instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().toLowerCase(Locale.ROOT).contains("password")) {
          field.setValue(TextNode.valueOf(REDACTED));
        } else {
          redacted(field.getValue());
        }
      }
    } else if (json instanceof ArrayNode array) {
      array.forEach(AuditRecord::redacted);
    }
    return json;
  }
}
