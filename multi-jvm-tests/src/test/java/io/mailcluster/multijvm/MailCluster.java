package io.mailcluster.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcluster.cassandra.CassandraSettings;
import io.mailcluster.cassandra.EmbeddedCassandra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A mail cluster of node JVMs against its own Cassandra (its own, not the test JVM's shared one,
 * because a scenario stops and restarts it): a unique keyspace created by the schema tool, an
 * admin token, nodes on 127.0.0.x addresses of a randomly chosen block so parallel runs do not
 * meet. Closing it kills every node still running and stops Cassandra.
 */
final class MailCluster implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String keyspace = "mjvm_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  final String token = "scenario-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  final List<NodeProcess> nodes = new ArrayList<>();
  private final int addressBlock = 10 + ThreadLocalRandom.current().nextInt(200);
  private final CassandraSettings cassandraSettings;
  private EmbeddedCassandra cassandra;

  /** Last resort when the test JVM is stopped before @AfterAll runs (a failsafe timeout, ^C). */
  private final Thread killNodesOnExit = new Thread(() -> nodes.forEach(NodeProcess::close), "kill-node-jvms");

  MailCluster(Path cassandraDirectory) {
    this.cassandraSettings = CassandraSettings.forTests(cassandraDirectory).withMaxHeap("512m");
    Runtime.getRuntime().addShutdownHook(killNodesOnExit);
  }

  String cassandraContactPoint() {
    return cassandraSettings.listenAddress() + ":" + cassandraSettings.cqlPort();
  }

  void startCassandra() {
    cassandra = EmbeddedCassandra.start(cassandraSettings);
  }

  /** Stops Cassandra (SIGTERM, it drains to disk); {@link #startCassandra} brings it back, same data. */
  void stopCassandra() {
    cassandra.stop();
  }

  /** Creates the keyspace with ./mailcluster's schema tool, in its own JVM. */
  void migrateSchema() throws IOException, InterruptedException {
    Path lib = Launcher.repositoryRoot().resolve("deploy/node/target/node/lib");
    ProcessBuilder builder = new ProcessBuilder(NodeProcess.javaBinary(), "-Xmx128m", "-cp", lib + "/*",
        "io.mailcluster.node.cli.SchemaTool").redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MAILCLUSTER_"));
    builder.environment().put("MAILCLUSTER_CASSANDRA", cassandraContactPoint());
    builder.environment().put("MAILCLUSTER_KEYSPACE", keyspace);
    Process schema = builder.start();
    String output = new String(schema.getInputStream().readAllBytes());
    if (!schema.waitFor(120, TimeUnit.SECONDS) || schema.exitValue() != 0) {
      schema.destroyForcibly();
      throw new IllegalStateException("schema tool failed: " + output);
    }
  }

  /** Plans node {@code n} (1-based) on its own address of this cluster's block. */
  NodeProcess plan(int n) {
    NodeProcess node = NodeProcess.plan("node-" + n, "127.0." + addressBlock + "." + n);
    nodes.add(node);
    return node;
  }

  /** Starts {@code node}; it discovers the cluster through {@code seeds}' management endpoints. */
  void start(NodeProcess node, List<NodeProcess> seeds, int requiredContactPoints) {
    Map<String, String> env = new HashMap<>();
    env.put("MAILCLUSTER_CASSANDRA", cassandraContactPoint());
    env.put("MAILCLUSTER_KEYSPACE", keyspace);
    env.put("MAILCLUSTER_ADMIN_TOKEN", token);
    env.put("MAILCLUSTER_SEEDS", String.join(",", seeds.stream().map(NodeProcess::managementEndpoint).toList()));
    env.put("MAILCLUSTER_REQUIRED_CONTACT_POINTS", String.valueOf(requiredContactPoints));
    node.start(env);
  }

  List<NodeProcess> running() {
    return nodes.stream().filter(NodeProcess::isAlive).toList();
  }

  /** The members {@code node} lists as Up, by host. */
  TreeSet<String> upMembers(NodeProcess node) throws IOException {
    TreeSet<String> up = new TreeSet<>();
    HttpResponse<String> response = node.managementGet("/cluster/members");
    if (response == null || response.statusCode() != 200) {
      return up;
    }
    for (JsonNode member : JSON.readTree(response.body()).get("members")) {
      if (member.get("status").asText().equals("Up")) {
        String address = member.get("node").asText();
        up.add(address.substring(address.indexOf('@') + 1, address.lastIndexOf(':')));
      }
    }
    return up;
  }

  /** JSON of GET /cluster/members on {@code node}. */
  JsonNode members(NodeProcess node) throws IOException {
    HttpResponse<String> response = node.managementGet("/cluster/members");
    return response == null ? JSON.nullNode() : JSON.readTree(response.body());
  }

  /** The shard ids of {@code entityType} the node's own region hosts (cluster-http /cluster/shards). */
  TreeSet<Integer> shardsOn(NodeProcess node, String entityType) throws IOException {
    TreeSet<Integer> shards = new TreeSet<>();
    HttpResponse<String> response = node.managementGet("/cluster/shards/" + entityType);
    if (response == null || response.statusCode() != 200) {
      return shards;
    }
    for (JsonNode region : JSON.readTree(response.body()).get("regions")) {
      shards.add(Integer.parseInt(region.get("shardId").asText()));
    }
    return shards;
  }

  /** Shard ids per running node name. */
  Map<String, TreeSet<Integer>> shardMap(String entityType) throws IOException {
    Map<String, TreeSet<Integer>> map = new java.util.TreeMap<>();
    for (NodeProcess node : running()) {
      map.put(node.name, shardsOn(node, entityType));
    }
    return map;
  }

  /** The shard a Folder entity id lives in: Pekko's default HashCodeMessageExtractor, 100 shards. */
  static int shardOf(String entityId) {
    return Math.abs(entityId.hashCode() % 100);
  }

  /** POST to the admin API of {@code node}; answers the status code. */
  int adminPost(NodeProcess node, String path, String json) throws IOException, InterruptedException {
    return admin(node, HttpRequest.newBuilder(URI.create("http://" + node.host + ":" + node.httpPort + path))
        .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")).statusCode();
  }

  /** GET on the admin API of {@code node}, as JSON. */
  JsonNode adminGet(NodeProcess node, String path) throws IOException, InterruptedException {
    return JSON.readTree(adminText(node, path));
  }

  /** GET on the admin API of {@code node}, the body as it came (JSON lines answers). */
  String adminText(NodeProcess node, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = admin(node,
        HttpRequest.newBuilder(URI.create("http://" + node.host + ":" + node.httpPort + path)).GET());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private HttpResponse<String> admin(NodeProcess node, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The folder id of {@code address}'s INBOX (GET /api/accounts/{address}/folders). */
  String inboxFolderId(NodeProcess node, String address) throws IOException, InterruptedException {
    JsonNode folders = adminGet(node, "/api/accounts/" + address + "/folders");
    JsonNode list = folders.has("folders") ? folders.get("folders") : folders;
    for (JsonNode folder : list) {
      if (folder.get("name").asText().equals("INBOX")) {
        return folder.get("folderId").asText();
      }
    }
    throw new IOException("no INBOX in " + folders);
  }

  /** Every node's log tail, for a failing test. */
  String logs(int lines) {
    StringBuilder all = new StringBuilder();
    for (NodeProcess node : nodes) {
      all.append("\n----- ").append(node.name).append(" (").append(node.host).append(") -----\n")
          .append(node.logTail(lines));
    }
    return all.toString();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killNodesOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
    for (NodeProcess node : nodes) {
      node.close();
    }
    if (cassandra != null) {
      cassandra.stop();
    }
  }
}
