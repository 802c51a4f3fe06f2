package io.mailcluster.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything needed to run one single-node Cassandra.
 *
 * @param dataDirectory holds data, commitlog, saved_caches, hints, cdc_raw, conf/ and logs/
 * @param listenAddress where both the storage and the CQL port bind
 * @param cqlPort the native transport port clients connect to
 * @param storagePort the inter-node port; bound even on a single node, so each instance needs its own
 * @param maxHeap the JVM's -Xmx, as "512m" or "1g"
 * @param clusterName must match what an existing data directory was created with
 * @param startTimeout how long to wait for CQL to answer
 * @param fastUnsafe tests only: turns off fsync and start/stop delays (see fast-unsafe.options)
 */
public record CassandraSettings(
    Path dataDirectory,
    String listenAddress,
    int cqlPort,
    int storagePort,
    String maxHeap,
    String clusterName,
    Duration startTimeout,
    boolean fastUnsafe) {

  public static final String DEFAULT_LISTEN_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_CQL_PORT = 9042;
  public static final int DEFAULT_STORAGE_PORT = 7000;
  // 512m ran the measured workloads; 256m survived 40k events (see the Cassandra facts).
  public static final String DEFAULT_MAX_HEAP = "512m";
  public static final String DEFAULT_CLUSTER_NAME = "mailcluster";
  // A cold first start took 19 s on a 2-core machine; leave plenty of room.
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

  private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kmg]");
  // The name goes into a quoted YAML scalar: keep it to characters that need no escaping.
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9 _.-]{1,64}");

  public CassandraSettings {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(listenAddress, "listenAddress");
    Objects.requireNonNull(maxHeap, "maxHeap");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(startTimeout, "startTimeout");
    // Cassandra resolves relative paths against its own working directory; pin them down here.
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
    maxHeap = maxHeap.toLowerCase(Locale.ROOT);
    requirePort(cqlPort, "cqlPort");
    requirePort(storagePort, "storagePort");
    if (cqlPort == storagePort) {
      throw new IllegalArgumentException("cqlPort and storagePort must differ: " + cqlPort);
    }
    if (listenAddress.isBlank()) {
      throw new IllegalArgumentException("listenAddress is blank");
    }
    if (!HEAP.matcher(maxHeap).matches()) {
      throw new IllegalArgumentException("maxHeap must look like 512m or 1g: " + maxHeap);
    }
    if (!CLUSTER_NAME.matcher(clusterName).matches()) {
      throw new IllegalArgumentException("clusterName must match " + CLUSTER_NAME + ": " + clusterName);
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
    }
  }

  /** Production-like defaults: 127.0.0.1:9042, storage port 7000, 512m heap, fsync on. */
  public static CassandraSettings defaults(Path dataDirectory) {
    return new CassandraSettings(
        dataDirectory,
        DEFAULT_LISTEN_ADDRESS,
        DEFAULT_CQL_PORT,
        DEFAULT_STORAGE_PORT,
        DEFAULT_MAX_HEAP,
        DEFAULT_CLUSTER_NAME,
        DEFAULT_START_TIMEOUT,
        false);
  }

  /** For tests: free ports on 127.0.0.1 and fastUnsafe, so several test JVMs never collide. */
  public static CassandraSettings forTests(Path dataDirectory) {
    int[] ports = FreePorts.pick(2);
    return defaults(dataDirectory).withCqlPort(ports[0]).withStoragePort(ports[1]).withFastUnsafe(true);
  }

  public CassandraSettings withListenAddress(String address) {
    return new CassandraSettings(
        dataDirectory, address, cqlPort, storagePort, maxHeap, clusterName, startTimeout, fastUnsafe);
  }

  public CassandraSettings withCqlPort(int port) {
    return new CassandraSettings(
        dataDirectory, listenAddress, port, storagePort, maxHeap, clusterName, startTimeout, fastUnsafe);
  }

  public CassandraSettings withStoragePort(int port) {
    return new CassandraSettings(
        dataDirectory, listenAddress, cqlPort, port, maxHeap, clusterName, startTimeout, fastUnsafe);
  }

  public CassandraSettings withMaxHeap(String heap) {
    return new CassandraSettings(
        dataDirectory, listenAddress, cqlPort, storagePort, heap, clusterName, startTimeout, fastUnsafe);
  }

  public CassandraSettings withClusterName(String name) {
    return new CassandraSettings(
        dataDirectory, listenAddress, cqlPort, storagePort, maxHeap, name, startTimeout, fastUnsafe);
  }

  public CassandraSettings withStartTimeout(Duration timeout) {
    return new CassandraSettings(
        dataDirectory, listenAddress, cqlPort, storagePort, maxHeap, clusterName, timeout, fastUnsafe);
  }

  public CassandraSettings withFastUnsafe(boolean fast) {
    return new CassandraSettings(
        dataDirectory, listenAddress, cqlPort, storagePort, maxHeap, clusterName, startTimeout, fast);
  }

  public Path confDirectory() {
    return dataDirectory.resolve("conf");
  }

  public Path logDirectory() {
    return dataDirectory.resolve("logs");
  }

  /** The forked JVM's stdout and stderr: what Cassandra says before its logging is up. */
  public Path consoleLog() {
    return logDirectory().resolve("console.log");
  }

  public Path systemLog() {
    return logDirectory().resolve("system.log");
  }

  /** maxHeap in bytes, for comparing sizes. */
  long maxHeapBytes() {
    long amount = Long.parseLong(maxHeap.substring(0, maxHeap.length() - 1));
    return switch (maxHeap.charAt(maxHeap.length() - 1)) {
      case 'k' -> amount << 10;
      case 'm' -> amount << 20;
      default -> amount << 30;
    };
  }

  private static void requirePort(int port, String name) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " out of range: " + port);
    }
  }
}
