package io.mailcluster.cassandra;

import io.mailcluster.cassandra.CliOptions.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Command line for local runs and scripts: start a detached Cassandra, stop it, or wait for one.
 * Exit code 0 on success; otherwise one line on stderr says why.
 */
public final class CassandraMain {

  static final String USAGE = "usage: cassandra-launcher start --dir DIR --port CQL_PORT --storage-port PORT"
      + " [--address 127.0.0.1] [--heap 512m] [--cluster-name NAME] [--pid-file FILE]"
      + " [--timeout-seconds 120]"
      + " | stop --pid-file FILE [--timeout-seconds 60]"
      + " | wait [--address 127.0.0.1] --port PORT [--timeout-seconds 120]";

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE_ERROR = 2;

  // After SIGKILL the kernel reaps at once; this only bounds a wait that should never be long.
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final PrintStream out;

  private CassandraMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command and returns its exit code; never calls System.exit (tests call this). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return USAGE_ERROR;
    }
    List<String> options = List.of(args).subList(1, args.length);
    CassandraMain main = new CassandraMain(out);
    try {
      return switch (args[0]) {
        case "start" -> main.start(CliOptions.parse(options, Set.of("dir", "port", "storage-port",
            "address", "heap", "cluster-name", "pid-file", "timeout-seconds")));
        case "stop" -> main.stop(CliOptions.parse(options, Set.of("pid-file", "timeout-seconds")));
        case "wait" -> main.await(CliOptions.parse(options, Set.of("address", "port", "timeout-seconds")));
        case "help", "--help", "-h" -> {
          out.println(USAGE);
          yield OK;
        }
        default -> throw new UsageException("unknown command " + args[0] + "; " + USAGE);
      };
    } catch (UsageException | IllegalArgumentException e) {
      err.println("cassandra-launcher: " + e.getMessage());
      return USAGE_ERROR;
    } catch (CassandraStartException e) {
      err.println("cassandra-launcher: " + firstLine(e.getMessage()));
      return FAILED;
    } catch (RuntimeException | IOException e) {
      err.println("cassandra-launcher: " + args[0] + " failed: " + firstLine(String.valueOf(e)));
      return FAILED;
    }
  }

  private int start(CliOptions options) throws IOException {
    Path dir = options.path("dir");
    CassandraSettings settings = CassandraSettings.defaults(dir)
        .withCqlPort(options.port("port"))
        .withStoragePort(options.port("storage-port"))
        .withListenAddress(options.text("address", CassandraSettings.DEFAULT_LISTEN_ADDRESS))
        .withMaxHeap(options.text("heap", CassandraSettings.DEFAULT_MAX_HEAP))
        .withClusterName(options.text("cluster-name", CassandraSettings.DEFAULT_CLUSTER_NAME))
        .withStartTimeout(options.seconds("timeout-seconds", 120));
    PidFile pidFile = new PidFile(
        options.optional("pid-file").map(Path::of).orElse(dir.resolve("cassandra.pid")));
    InetSocketAddress cql = new InetSocketAddress(settings.listenAddress(), settings.cqlPort());

    Optional<ProcessHandle> running = pidFile.runningCassandra();
    if (running.isPresent()) {
      // It may still be starting (a concurrent start): answer only once it is usable.
      CqlReadiness.awaitReady(cql, settings.startTimeout(), running);
      out.println("cassandra already running on " + CqlReadiness.hostPort(cql)
          + " (pid " + running.get().pid() + ")");
      return OK;
    }

    long began = System.nanoTime();
    EmbeddedCassandra cassandra;
    try {
      cassandra = EmbeddedCassandra.start(settings, true, pid -> writePid(pidFile, pid));
    } catch (CassandraStartException e) {
      pidFile.delete();
      throw new CassandraStartException(
          firstLine(e.getMessage()) + "; logs in " + settings.logDirectory(), e);
    } catch (RuntimeException e) {
      pidFile.delete();
      throw e;
    }
    out.printf(Locale.ROOT, "cassandra ready on %s (pid %d) in %.1f s%n",
        CqlReadiness.hostPort(cql), cassandra.pid(), (System.nanoTime() - began) / 1e9);
    return OK;
  }

  private int stop(CliOptions options) throws IOException {
    PidFile pidFile = new PidFile(options.path("pid-file"));
    Duration timeout = options.seconds("timeout-seconds", 60);
    Optional<ProcessHandle> running = pidFile.runningCassandra();
    if (running.isEmpty()) {
      boolean stale = pidFile.read().isPresent();
      pidFile.delete();
      out.println("cassandra not running"
          + (stale ? " (removed stale pid file " + pidFile.path() + ")" : ""));
      return OK;
    }
    ProcessHandle process = running.get();
    long began = System.nanoTime();
    // SIGTERM: Cassandra drains memtables to disk before it exits.
    process.destroy();
    boolean graceful = awaitExit(process, timeout);
    if (!graceful) {
      process.destroyForcibly();
      if (!awaitExit(process, KILL_WAIT)) {
        throw new IllegalStateException("pid " + process.pid() + " still alive after SIGKILL");
      }
    }
    pidFile.delete();
    out.printf(Locale.ROOT, "cassandra stopped (pid %d%s) in %.1f s%n", process.pid(),
        graceful ? "" : ", killed after " + timeout.toSeconds() + " s", (System.nanoTime() - began) / 1e9);
    return OK;
  }

  private int await(CliOptions options) {
    InetSocketAddress cql = new InetSocketAddress(
        options.text("address", CassandraSettings.DEFAULT_LISTEN_ADDRESS), options.port("port"));
    long began = System.nanoTime();
    String version = CqlReadiness.awaitReady(cql, options.seconds("timeout-seconds", 120));
    out.printf(Locale.ROOT, "cassandra %s answering on %s after %.1f s%n",
        version, CqlReadiness.hostPort(cql), (System.nanoTime() - began) / 1e9);
    return OK;
  }

  private static void writePid(PidFile pidFile, long pid) {
    try {
      pidFile.write(pid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pid file " + pidFile.path(), e);
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
