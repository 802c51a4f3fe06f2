package io.mailcluster.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the node's configuration: application.conf over every module's reference.conf, with
 * the list-valued MAILCLUSTER_* variables (which HOCON cannot split) applied on top.
 */
public final class NodeConfig {

  /** MAILCLUSTER_CASSANDRA=host:port[,host:port]: an existing Cassandra instead of the default. */
  static final String CASSANDRA = "MAILCLUSTER_CASSANDRA";
  /** MAILCLUSTER_SEEDS=host:port[,host:port]: management endpoints for config discovery. */
  static final String SEEDS = "MAILCLUSTER_SEEDS";

  private NodeConfig() {}

  public static Config load() {
    return load(System.getenv(), ConfigFactory.parseResourcesAnySyntax("application"));
  }

  /** {@code application} is the node's own layer (tests pass theirs); env lists override it. */
  public static Config load(Map<String, String> env, Config application) {
    Config unresolved = environmentLists(env).withFallback(application);
    Config withReference = ConfigFactory.load(unresolved);
    return seedEndpoints(withReference);
  }

  private static Config environmentLists(Map<String, String> env) {
    Map<String, Object> overrides = new HashMap<>();
    List<String> cassandra = commaList(env.get(CASSANDRA));
    if (!cassandra.isEmpty()) {
      overrides.put("mail-cluster.storage.contact-points", cassandra);
    }
    List<String> seeds = commaList(env.get(SEEDS));
    if (!seeds.isEmpty()) {
      overrides.put("mail-cluster.cluster.seeds", seeds);
    }
    return ConfigFactory.parseMap(overrides, "MAILCLUSTER_* environment");
  }

  /** Turns mail-cluster.cluster.seeds into the config-discovery endpoints of our service. */
  private static Config seedEndpoints(Config config) {
    String service =
        config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name");
    List<Map<String, Object>> endpoints =
        config.getStringList("mail-cluster.cluster.seeds").stream()
            .map(NodeConfig::endpoint)
            .toList();
    return config
        .withValue(
            "pekko.discovery.config.services." + service + ".endpoints",
            ConfigValueFactory.fromIterable(endpoints))
        .resolve();
  }

  private static Map<String, Object> endpoint(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("seed must be host:port, got: " + hostPort);
    }
    return Map.of(
        "host", hostPort.substring(0, colon),
        "port", Integer.parseInt(hostPort.substring(colon + 1)));
  }

  static List<String> commaList(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
