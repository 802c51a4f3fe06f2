package io.mailcluster.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A single-node Cassandra in a JVM of its own, on the server classpath recorded at build time.
 *
 * <p>{@link #start} ties it to this JVM: a shutdown hook stops it if nobody else does (tests).
 * {@link #startDetached} does not: it keeps running after this JVM exits (the CLI's {@code start}).
 */
public final class EmbeddedCassandra implements AutoCloseable {

  // Cassandra drains memtables on SIGTERM: 3.8-4.4 s measured, 0.5-0.6 s with fastUnsafe.
  static final long STOP_TIMEOUT_SECONDS = 30;
  private static final int LOG_LINES = 30;

  private final CassandraSettings settings;
  private final Process process;
  private final Thread shutdownHook;
  private final LogStart logStart;
  private boolean stopped;

  /** Where this run's output begins in logs that earlier runs of the same directory wrote to. */
  private record LogStart(long systemLog, long consoleLog) {
    static LogStart now(CassandraSettings settings) {
      return new LogStart(LogTail.endOf(settings.systemLog()), LogTail.endOf(settings.consoleLog()));
    }
  }

  private EmbeddedCassandra(
      CassandraSettings settings, Process process, Thread shutdownHook, LogStart logStart) {
    this.settings = settings;
    this.process = process;
    this.shutdownHook = shutdownHook;
    this.logStart = logStart;
  }

  /** Starts Cassandra, stopped by {@link #stop} or at the latest when this JVM shuts down. */
  public static EmbeddedCassandra start(CassandraSettings settings) {
    return start(settings, false, pid -> {});
  }

  /** Starts Cassandra in its own session; it outlives this JVM unless {@link #stop} is called. */
  public static EmbeddedCassandra startDetached(CassandraSettings settings) {
    return start(settings, true, pid -> {});
  }

  /**
   * @param onLaunched called with the pid before waiting for CQL, so that a pid file exists
   *     even if this JVM dies while Cassandra is still starting
   */
  static EmbeddedCassandra start(CassandraSettings settings, boolean detached, LongConsumer onLaunched) {
    refuseTakenPorts(settings);
    LogStart logStart = LogStart.now(settings);
    Process process = launch(settings, detached);
    Thread hook = null;
    if (!detached) {
      hook = new Thread(() -> stopQuietly(process), "cassandra-stop-" + process.pid());
      Runtime.getRuntime().addShutdownHook(hook);
    }
    EmbeddedCassandra cassandra = new EmbeddedCassandra(settings, process, hook, logStart);
    try {
      onLaunched.accept(process.pid());
      CqlReadiness.awaitReady(
          cassandra.cqlAddress(), settings.startTimeout(), Optional.of(process.toHandle()));
      return cassandra;
    } catch (CassandraStartException e) {
      // A node that did not come up in time is of no use to anyone: stop it before reporting.
      String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
      cassandra.stop();
      String cause = LogTail.lastError(settings.systemLog(), logStart.systemLog())
          .map(error -> ": " + error)
          .orElse("");
      throw new CassandraStartException(e.getMessage() + exit + cause + cassandra.logTails(), e);
    } catch (RuntimeException | Error e) {
      cassandra.stop();
      throw e;
    }
  }

  /**
   * Whoever holds the CQL port would answer the readiness probe in our place, and our Cassandra
   * would die unseen on its bind error; say so at once instead.
   */
  private static void refuseTakenPorts(CassandraSettings settings) {
    for (int port : new int[] {settings.cqlPort(), settings.storagePort()}) {
      if (CqlReadiness.isListening(new InetSocketAddress(settings.listenAddress(), port))) {
        throw new CassandraStartException(
            "port " + port + " on " + settings.listenAddress() + " is already in use; Cassandra not started");
      }
    }
  }

  private static Process launch(CassandraSettings settings, boolean detached) {
    try {
      Path yaml = CassandraConfigFiles.write(settings);
      Path console = settings.consoleLog();
      // Appended, so a restart keeps the previous run's last words; the header tells runs apart.
      Files.writeString(console, "=== starting Cassandra at " + Instant.now() + " ===\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      List<String> command =
          CassandraCommandLine.of(settings, yaml, CassandraConfigFiles.classpathArgFile(settings), detached);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(settings.dataDirectory().toFile())
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(console.toFile()));
      // The java launcher and the JVM read these; the caller's (a test agent, say) are not Cassandra's.
      builder.environment().keySet()
          .removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH"));
      Process process = builder.start();
      // Cassandra never reads stdin; closing it leaves nothing tied to this JVM.
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Cassandra in " + settings.dataDirectory(), e);
    }
  }

  public CassandraSettings settings() {
    return settings;
  }

  public String cqlHost() {
    return settings.listenAddress();
  }

  public int cqlPort() {
    return settings.cqlPort();
  }

  public InetSocketAddress cqlAddress() {
    return new InetSocketAddress(cqlHost(), cqlPort());
  }

  public CassandraEndpoint endpoint() {
    return new CassandraEndpoint(cqlHost(), cqlPort());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGTERM, which Cassandra answers by draining to disk; after {@value #STOP_TIMEOUT_SECONDS} s
   * SIGKILL. Returns once the process is gone. Calling it again does nothing.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopQuietly(process);
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running or has run
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void stopQuietly(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String logTails() {
    return LogTail.section(settings.systemLog(), logStart.systemLog(), LOG_LINES)
        + LogTail.section(settings.consoleLog(), logStart.consoleLog(), LOG_LINES);
  }

  @Override
  public String toString() {
    return "EmbeddedCassandra[" + cqlHost() + ":" + cqlPort() + ", pid " + pid() + ", "
        + settings.dataDirectory() + "]";
  }
}
