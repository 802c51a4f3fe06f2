package io.mailcluster.storage;

import com.typesafe.config.Config;
import java.util.List;

/** Where the project's data lives: settings under {@code mail-cluster.storage}. */
public record StorageSettings(
    String keyspace,
    String replication,
    List<String> contactPoints,
    String localDatacenter,
    boolean autoMigrate) {

  public static StorageSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.storage");
    return new StorageSettings(
        c.getString("keyspace"),
        c.getString("replication"),
        c.getStringList("contact-points"),
        c.getString("local-datacenter"),
        c.getBoolean("auto-migrate"));
  }
}
