package io.mailcluster.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes conf/cassandra.yaml, conf/logback.xml and conf/classpath.argfile for a single node, and
 * creates its directories.
 *
 * <p>Rewritten on every start, so a data directory always runs with the settings it was given.
 */
final class CassandraConfigFiles {

  static final List<String> DATA_SUBDIRECTORIES =
      List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw");

  private CassandraConfigFiles() {}

  /** Returns the cassandra.yaml written. */
  static Path write(CassandraSettings settings) throws IOException {
    Path dataDir = settings.dataDirectory();
    for (String sub : DATA_SUBDIRECTORIES) {
      Files.createDirectories(dataDir.resolve(sub));
    }
    Files.createDirectories(settings.logDirectory());
    Files.createDirectories(triggersDirectory(settings));
    Path yaml = settings.confDirectory().resolve("cassandra.yaml");
    Files.writeString(yaml, yaml(settings), StandardCharsets.UTF_8);
    Files.writeString(logbackFile(settings), logbackXml(settings), StandardCharsets.UTF_8);
    Files.writeString(
        classpathArgFile(settings), CassandraCommandLine.classpathArgFileContent(), StandardCharsets.UTF_8);
    return yaml;
  }

  /** The server classpath as a java @argfile. */
  static Path classpathArgFile(CassandraSettings settings) {
    return settings.confDirectory().resolve("classpath.argfile");
  }

  static Path logbackFile(CassandraSettings settings) {
    return settings.confDirectory().resolve("logback.xml");
  }

  /** Cassandra warns at every start when its triggers directory is missing; give it an empty one. */
  static Path triggersDirectory(CassandraSettings settings) {
    return settings.confDirectory().resolve("triggers");
  }

  static String yaml(CassandraSettings s) {
    Path dir = s.dataDirectory();
    String address = s.listenAddress();
    return String.join("\n",
        "# Written by io.mailcluster.cassandra.CassandraConfigFiles on every start; edits are lost.",
        "cluster_name: " + quoted(s.clusterName()),
        // One token: a single node owns the whole ring, and fewer tokens start faster.
        "num_tokens: 1",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "data_file_directories:",
        "  - " + quoted(dir.resolve("data")),
        "commitlog_directory: " + quoted(dir.resolve("commitlog")),
        "saved_caches_directory: " + quoted(dir.resolve("saved_caches")),
        "hints_directory: " + quoted(dir.resolve("hints")),
        "cdc_raw_directory: " + quoted(dir.resolve("cdc_raw")),
        "commitlog_sync: periodic",
        "commitlog_sync_period: 10000ms",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: " + quoted(address + ":" + s.storagePort()),
        "listen_address: " + address,
        "rpc_address: " + address,
        "storage_port: " + s.storagePort(),
        "native_transport_port: " + s.cqlPort(),
        "start_native_transport: true",
        // SimpleSnitch names the datacenter "datacenter1", which clients must give as local DC.
        "endpoint_snitch: SimpleSnitch",
        // Tests drop and truncate freely; a snapshot of each would only fill the disk.
        "auto_snapshot: " + !s.fastUnsafe(),
        "");
  }

  static String logbackXml(CassandraSettings s) {
    String log = xmlEscaped(s.systemLog().toString());
    return String.join("\n",
        "<!-- Written by io.mailcluster.cassandra.CassandraConfigFiles on every start; edits are lost. -->",
        "<!-- INFO to logs/system.log only: without this file Cassandra logs DEBUG to its console. -->",
        "<configuration>",
        "  <appender name=\"SYSTEMLOG\" class=\"ch.qos.logback.core.rolling.RollingFileAppender\">",
        "    <file>" + log + "</file>",
        "    <rollingPolicy class=\"ch.qos.logback.core.rolling.FixedWindowRollingPolicy\">",
        "      <fileNamePattern>" + log + ".%i.zip</fileNamePattern>",
        "      <minIndex>1</minIndex>",
        "      <maxIndex>5</maxIndex>",
        "    </rollingPolicy>",
        "    <triggeringPolicy class=\"ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy\">",
        "      <maxFileSize>20MB</maxFileSize>",
        "    </triggeringPolicy>",
        "    <encoder>",
        "      <pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern>",
        "    </encoder>",
        "  </appender>",
        "  <root level=\"INFO\">",
        "    <appender-ref ref=\"SYSTEMLOG\"/>",
        "  </root>",
        "</configuration>",
        "");
  }

  /** A single-quoted YAML scalar: the only character to escape is the quote itself. */
  private static String quoted(Object value) {
    return "'" + value.toString().replace("'", "''") + "'";
  }

  private static String xmlEscaped(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
