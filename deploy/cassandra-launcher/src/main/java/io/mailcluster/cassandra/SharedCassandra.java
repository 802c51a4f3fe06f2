package io.mailcluster.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;

/**
 * The one Cassandra of a test JVM, started on first use in a temporary directory, or an external
 * one named by {@value #ENDPOINT_VARIABLE}. Thread-safe: test classes may ask at the same time.
 */
final class SharedCassandra {

  static final String ENDPOINT_VARIABLE = "MAILCLUSTER_TEST_CASSANDRA";
  // An external Cassandra may still be starting when the tests begin (CI starts both at once).
  private static final Duration EXTERNAL_TIMEOUT = Duration.ofSeconds(120);

  static final SharedCassandra INSTANCE = new SharedCassandra(System.getenv());

  private final Map<String, String> environment;
  private CassandraEndpoint endpoint;
  private EmbeddedCassandra cassandra;
  private Path dataDirectory;
  private Thread shutdownHook;
  private RuntimeException failure;

  SharedCassandra(Map<String, String> environment) {
    this.environment = environment;
  }

  synchronized CassandraEndpoint endpoint() {
    if (endpoint != null) {
      return endpoint;
    }
    if (failure != null) {
      // Fail every later test at once instead of waiting out the start timeout again.
      throw new IllegalStateException("the test Cassandra failed to start earlier in this JVM", failure);
    }
    try {
      String external = environment.get(ENDPOINT_VARIABLE);
      endpoint = external == null || external.isBlank() ? startOwn() : awaitExternal(external);
      return endpoint;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** Stops our Cassandra and deletes its directory; an external one is left alone. Idempotent. */
  synchronized void close() {
    if (cassandra != null) {
      cassandra.stop();
      deleteRecursively(dataDirectory);
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // already shutting down: the hook is running or has run
        }
      }
    }
    cassandra = null;
    dataDirectory = null;
    shutdownHook = null;
    endpoint = null;
    failure = null;
  }

  private CassandraEndpoint awaitExternal(String hostAndPort) {
    CassandraEndpoint external = CassandraEndpoint.parse(hostAndPort);
    CqlReadiness.awaitReady(external.toInetSocketAddress(), EXTERNAL_TIMEOUT);
    return external;
  }

  private CassandraEndpoint startOwn() {
    Path directory;
    try {
      directory = Files.createTempDirectory("mailcluster-cassandra-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the test Cassandra", e);
    }
    try {
      cassandra = EmbeddedCassandra.start(CassandraSettings.forTests(directory));
    } catch (RuntimeException e) {
      // The exception carries the logs' last lines; the directory is of no further use.
      deleteRecursively(directory);
      throw e;
    }
    dataDirectory = directory;
    // Last resort, when no JUnit root context closes us (callers of CassandraExtension.endpoint()).
    shutdownHook = new Thread(this::close, "test-cassandra-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    return cassandra.endpoint();
  }

  private static void deleteRecursively(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // A leftover temporary directory is untidy, not a test failure.
      System.err.println("could not delete " + directory + ": " + e);
    }
  }
}
