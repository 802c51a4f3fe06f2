package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One readable line per audit record (a JSON line of GET /api/accounts/{address}/audit):
 * {@code 2026-11-28T21:30:05.123Z  INBOX  MessageAppended  uid=1 size=1234 ...}. Null fields are
 * left out, lists are joined by commas ({@code -} when empty), values with spaces are quoted.
 * Logins read as a sentence: {@code 2026-11-28T21:30:05.123Z  account  login failed imap from
 * 192.0.2.7} (their own time, {@code at}, is the record's timestamp to within milliseconds).
 */
final class AuditTimeline {

  /** The login events (Account.LoginSucceeded, Account.LoginFailed) and how they read. */
  private static final Map<String, String> LOGINS =
      Map.of("LoginSucceeded", "login succeeded", "LoginFailed", "login failed");

  private AuditTimeline() {}

  static String line(JsonNode record) {
    StringBuilder line = new StringBuilder()
        .append(record.path("timestamp").asText()).append("  ")
        .append(record.path("entity").asText()).append("  ");
    String event = record.path("event").asText();
    String login = LOGINS.get(event);
    if (login != null) {
      JsonNode fields = record.path("fields");
      return line.append(login).append(' ').append(value(fields.path("protocol")))
          .append(" from ").append(value(fields.path("clientAddress"))).toString();
    }
    line.append(event);
    List<String> fields = fields(record.path("fields"));
    if (!fields.isEmpty()) {
      line.append("  ").append(String.join(" ", fields));
    }
    return line.toString();
  }

  private static List<String> fields(JsonNode fields) {
    List<String> shown = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isNull()) {
        shown.add(field.getKey() + "=" + value(field.getValue()));
      }
    }
    return shown;
  }

  private static String value(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(value(item)));
      return items.isEmpty() ? "-" : String.join(",", items);
    }
    if (value.isObject()) {
      return value.toString();
    }
    String text = value.asText();
    return text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)
        ? '"' + text.replace("\"", "\\\"") + '"'
        : text;
  }
}
