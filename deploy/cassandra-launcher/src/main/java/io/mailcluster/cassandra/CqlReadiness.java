package io.mailcluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.config.TypedDriverOption;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whether, and waiting until, a Cassandra answers CQL: a driver session runs a real query. */
public final class CqlReadiness {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private CqlReadiness() {}

  /**
   * Polls until {@code SELECT release_version FROM system.local} answers; returns that version.
   *
   * @throws CassandraStartException when the deadline passes
   */
  public static String awaitReady(InetSocketAddress address, Duration timeout) {
    return awaitReady(address, timeout, Optional.empty());
  }

  /** As above, but gives up as soon as {@code process} ends: it will never answer then. */
  static String awaitReady(InetSocketAddress address, Duration timeout, Optional<ProcessHandle> process) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastProblem = "nothing listening yet";
    while (true) {
      if (process.isPresent() && !process.get().isAlive()) {
        throw new CassandraStartException(
            "Cassandra (pid " + process.get().pid() + ") exited before CQL answered on " + hostPort(address));
      }
      // The cheap socket check first: no driver session, and no driver warnings, while nothing listens.
      if (isListening(address)) {
        try {
          return releaseVersion(address);
        } catch (RuntimeException e) {
          lastProblem = String.valueOf(e.getMessage());
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new CassandraStartException(
            "CQL did not answer on " + hostPort(address) + " within " + timeout.toSeconds() + " s ("
                + lastProblem + ")");
      }
      pause(process);
    }
  }

  /** One attempt; throws what the driver throws when the node does not answer. */
  public static String releaseVersion(InetSocketAddress address) {
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(address)
        .withLocalDatacenter(CassandraEndpoint.LOCAL_DATACENTER)
        .withConfigLoader(probeConfig())
        .build()) {
      Row row = session.execute("SELECT release_version FROM system.local").one();
      if (row == null) {
        throw new IllegalStateException("system.local is empty");
      }
      return row.getString("release_version");
    }
  }

  /** Whether something accepts TCP connections there: the first sign of a starting node. */
  public static boolean isListening(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Only these options and the driver's built-in defaults: a probe must not pick up an
   * application.conf's contact points or datacenter from the caller's classpath.
   */
  private static DriverConfigLoader probeConfig() {
    OptionsMap options = OptionsMap.driverDefaults();
    options.put(TypedDriverOption.SESSION_NAME, "cql-readiness");
    options.put(TypedDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(2));
    options.put(TypedDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5));
    options.put(TypedDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5));
    options.put(TypedDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5));
    // Schema and token metadata are of no use to a probe and slow down every attempt.
    options.put(TypedDriverOption.METADATA_SCHEMA_ENABLED, false);
    options.put(TypedDriverOption.METADATA_TOKEN_MAP_ENABLED, false);
    // The driver's default 2 s quiet period made every probe's close() cost 2 s; a probe that
    // has its answer has nothing left in flight.
    options.put(TypedDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0);
    options.put(TypedDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0);
    options.put(TypedDriverOption.NETTY_IO_SIZE, 1);
    options.put(TypedDriverOption.NETTY_ADMIN_SIZE, 1);
    return DriverConfigLoader.fromMap(options);
  }

  /** The poll interval, cut short when the watched process ends. */
  private static void pause(Optional<ProcessHandle> process) {
    try {
      if (process.isPresent()) {
        process.get().onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    } catch (TimeoutException | ExecutionException e) {
      // still running: poll again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CassandraStartException("interrupted while waiting for CQL", e);
    }
  }

  static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
