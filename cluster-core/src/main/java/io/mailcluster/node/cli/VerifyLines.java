package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable report of {@code audit --verify} (the JSON of GET .../audit/verify): one line for
 * the folder tree, one per folder ({@code INBOX  f-1  3 messages  8 events  ok}, or
 * {@code DIFFERS (n): } and the first differences), then a verdict line.
 */
final class VerifyLines {

  private VerifyLines() {}

  static List<String> render(JsonNode report) {
    List<String> lines = new ArrayList<>();
    JsonNode tree = report.path("tree");
    int width = "folder tree".length();
    for (JsonNode folder : report.path("folders")) {
      width = Math.max(width, folder.path("name").asText().length());
    }
    lines.add(pad("folder tree", width) + "  " + count(tree.path("folders").asLong(), "folder")
        + "  " + count(tree.path("eventsReplayed").asLong(), "event") + "  " + outcome(tree));
    int differing = 0;
    for (JsonNode folder : report.path("folders")) {
      differing += folder.path("consistent").asBoolean() ? 0 : 1;
      lines.add(pad(folder.path("name").asText(), width) + "  " + folder.path("folderId").asText()
          + "  " + count(folder.path("messages").asLong(), "message")
          + "  " + count(folder.path("eventsReplayed").asLong(), "event") + "  " + outcome(folder));
    }
    String took = String.format("%.1f s", report.path("elapsedMillis").asLong() / 1000.0);
    lines.add(report.path("consistent").asBoolean()
        ? "consistent: every folder's live state equals the state replayed from its journal ("
            + took + ")"
        : "NOT consistent: " + differing + " of " + report.path("folders").size()
            + " folders" + (tree.path("consistent").asBoolean() ? "" : " and the folder tree")
            + " differ from their journal (" + took + ")");
    return lines;
  }

  private static String outcome(JsonNode verdict) {
    if (verdict.path("consistent").asBoolean()) {
      return "ok";
    }
    List<String> shown = new ArrayList<>();
    for (JsonNode d : verdict.path("differences")) {
      shown.add((d.path("uid").isNull() || d.path("uid").isMissingNode()
              ? "" : "uid " + d.path("uid").asLong() + " ")
          + d.path("field").asText() + " live=" + d.path("live").asText()
          + " replayed=" + d.path("replayed").asText());
    }
    int more = verdict.path("differenceCount").asInt() - shown.size();
    return "DIFFERS (" + verdict.path("differenceCount").asInt() + "): " + String.join("; ", shown)
        + (more > 0 ? "; ... " + more + " more" : "");
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
