package io.mailcluster.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reading the audit answers (JSON lines) in tests. */
final class AuditLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditLines() {}

  /** Each non-empty line of an application/x-ndjson body, parsed. */
  static List<JsonNode> lines(String body) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  /** "entity EventType" of each record. */
  static List<String> steps(List<JsonNode> records) {
    return records.stream()
        .map(r -> r.get("entity").asText() + " " + r.get("event").asText())
        .toList();
  }
}
