package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders pages of the admin API's folder listing as the table `mailcluster admin mail list` prints. */
final class MailTable {

  static final int FROM_WIDTH = 30;
  static final int SUBJECT_WIDTH = 50;
  private static final String FORMAT = "%8s  %-20s  %10s  %-" + FROM_WIDTH + "s  %s";

  private MailTable() {}

  static String header() {
    return String.format(FORMAT, "UID", "DATE", "SIZE", "FROM", "SUBJECT").stripTrailing();
  }

  /** One line per message of {@code page} (its "messages" array). */
  static List<String> rows(JsonNode page) {
    List<String> lines = new ArrayList<>();
    for (JsonNode message : page.path("messages")) {
      lines.add(String.format(FORMAT,
          message.path("uid").asText(),
          date(message.path("internalDate").asText("")),
          message.path("size").asText(),
          truncate(text(message.path("from")), FROM_WIDTH),
          truncate(text(message.path("subject")), SUBJECT_WIDTH)).stripTrailing());
    }
    return lines;
  }

  /** ISO-8601 instant shortened to "yyyy-MM-dd HH:mm:ss". */
  static String date(String iso) {
    if (iso.length() >= 19 && iso.charAt(10) == 'T') {
      return iso.substring(0, 10) + " " + iso.substring(11, 19);
    }
    return iso;
  }

  /** At most {@code width} characters, one line; cut values end in "...". */
  static String truncate(String value, int width) {
    String oneLine = value.replaceAll("\\s+", " ").strip();
    if (oneLine.codePointCount(0, oneLine.length()) <= width) {
      return oneLine;
    }
    int end = oneLine.offsetByCodePoints(0, width - 3);
    return oneLine.substring(0, end) + "...";
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }
}
