package io.mailcluster.node.admin;

import io.mailcluster.control.Account;
import io.mailcluster.control.Domain;
import io.mailcluster.control.DomainDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/** What `mailcluster status` shows: members with their states, and shards per node and type. */
final class ClusterStatus {

  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(3);
  private static final List<EntityTypeKey<?>> ENTITY_TYPES =
      List.of(Domain.ENTITY_TYPE_KEY, Account.ENTITY_TYPE_KEY, DomainDirectory.ENTITY_TYPE_KEY);

  record MemberView(String address, String status, List<String> roles) {}

  record Snapshot(String self, String leader, List<MemberView> members, Map<String, Map<String, Integer>> shards) {}

  private final ActorSystem<?> system;

  ClusterStatus(ActorSystem<?> system) {
    this.system = system;
  }

  CompletionStage<Snapshot> current() {
    Cluster cluster = Cluster.get(system);
    var state = cluster.state();
    List<MemberView> members =
        StreamSupport.stream(state.getMembers().spliterator(), false)
            .map(ClusterStatus::view)
            .toList();
    String leader = state.getLeader() == null ? null : state.getLeader().toString();
    return shardsPerNode()
        .thenApply(
            shards -> new Snapshot(cluster.selfMember().address().toString(), leader, members, shards));
  }

  private static MemberView view(Member member) {
    List<String> roles = new ArrayList<>(member.getRoles());
    roles.removeIf(r -> r.startsWith("dc-"));
    return new MemberView(member.address().toString(), member.status().toString(), roles);
  }

  /** node address -> entity type -> number of shards it hosts. */
  private CompletionStage<Map<String, Map<String, Integer>>> shardsPerNode() {
    Map<String, Map<String, Integer>> byNode = new TreeMap<>();
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    for (EntityTypeKey<?> type : ENTITY_TYPES) {
      all = all.thenCompose(v -> statsOf(type).thenAccept(stats -> stats.getRegions().forEach(
          (address, region) -> byNode
              .computeIfAbsent(address.toString(), a -> new TreeMap<>())
              .put(type.name(), region.getStats().size()))));
    }
    return all.thenApply(v -> byNode);
  }

  private CompletionStage<ShardRegion.ClusterShardingStats> statsOf(EntityTypeKey<?> type) {
    return AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(type, STATS_TIMEOUT, replyTo),
        STATS_TIMEOUT.plusSeconds(1),
        system.scheduler());
  }
}
