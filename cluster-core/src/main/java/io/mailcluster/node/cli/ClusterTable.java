package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders the admin API's cluster snapshot as the table `mailcluster status` prints. */
final class ClusterTable {

  private ClusterTable() {}

  static List<String> render(JsonNode cluster) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-44s %-8s %s", "MEMBER", "STATUS", "SHARDS (domain/account/directory)"));
    String leader = cluster.path("leader").asText("");
    for (JsonNode member : cluster.path("members")) {
      String address = member.path("address").asText();
      JsonNode shards = cluster.path("shards").path(address);
      lines.add(String.format("%-44s %-8s %s%s", address, member.path("status").asText(),
          count(shards, "Domain") + "/" + count(shards, "Account") + "/" + count(shards, "DomainDirectory"),
          address.equals(leader) ? "  (leader)" : ""));
    }
    return lines;
  }

  private static String count(JsonNode shards, String type) {
    return shards.has(type) ? shards.get(type).asText() : "0";
  }
}
