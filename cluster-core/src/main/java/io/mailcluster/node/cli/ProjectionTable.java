package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** `mailcluster projections status`: one line per projection instance. */
final class ProjectionTable {

  private static final String FORMAT = "%-12s %-12s %-8s %-26s %s";

  private ProjectionTable() {}

  static List<String> render(JsonNode status) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(FORMAT, "PROJECTION", "TAG", "STATE", "OFFSET (last event handled)",
        "BEHIND (events)"));
    for (JsonNode instance : status.get("projections")) {
      lines.add(String.format(FORMAT, instance.get("projection").asText(),
          instance.get("tag").asText(),
          instance.get("paused").asBoolean() ? "paused" : "running",
          instance.get("offsetTime").isNull() ? "-" : instance.get("offsetTime").asText(),
          instance.get("behind").asLong() + (instance.get("behindCapped").asBoolean() ? "+" : "")));
    }
    return lines;
  }

  /** True when every instance of {@code projection} runs with nothing left to handle. */
  static boolean caughtUp(JsonNode status, String projection) {
    boolean any = false;
    for (JsonNode instance : status.get("projections")) {
      if (instance.get("projection").asText().equals(projection)) {
        any = true;
        if (instance.get("paused").asBoolean() || instance.get("behind").asLong() > 0) {
          return false;
        }
      }
    }
    return any;
  }
}
