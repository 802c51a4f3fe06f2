package io.mailcluster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * `mailcluster bench smtp`: creates the bench domain and mailboxes through the admin API, sends
 * a warm-up, then the measured messages, and prints one summary line: machine facts, cluster
 * size, load shape, messages per second accepted, and p50/p99 of the time from the end of DATA
 * to the 250. Exit status 0 when every message was accepted, 1 when some were not, 2 on usage.
 */
public final class SmtpBench {

  private SmtpBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mailcluster bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    new AdminSetup(options.admin(), System.getenv().getOrDefault("MAILCLUSTER_ADMIN_TOKEN", ""))
        .createMailboxes(options);
    if (options.setupOnly()) {
      return;
    }
    String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    SmtpLoad load = new SmtpLoad(options, runId);
    if (options.warmup() > 0) {
      SmtpLoad.Outcome warm = new SmtpLoad(options, runId + "-warmup").run(options.warmup());
      if (warm.errors() > 0) {
        System.err.println("warm-up: " + warm.errors() + " errors, first: " + warm.firstErrors());
      }
    }
    String load1 = loadAverage();
    SmtpLoad.Outcome outcome = load.run(options.messages());
    outcome.firstErrors().forEach(error -> System.err.println("error: " + error));
    System.out.println(summary(options, outcome, Machine.describe(load1)));
    System.exit(outcome.errors() == 0 ? 0 : 1);
  }

  static String summary(BenchOptions o, SmtpLoad.Outcome outcome, String machine) {
    boolean measured = outcome.latencies().count() > 0;
    return String.format(Locale.ROOT,
        "smtp-bench client=java %s nodes=%d senders=%d messages=%d size=%d per-connection=%d mailboxes=%d"
            + " accepted=%d errors=%d elapsed=%.1fs msgs/s=%.1f p50=%s p99=%s",
        machine, o.smtp().size(), o.senders(), o.messages(), o.size(), o.perConnection(), o.mailboxes(),
        outcome.accepted(), outcome.errors(), outcome.elapsedNanos() / 1e9, outcome.perSecond(),
        measured ? millis(outcome.latencies().percentile(50)) : "n/a",
        measured ? millis(outcome.latencies().percentile(99)) : "n/a");
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** nproc, total memory and the 1-minute load average when the measured run began. */
  static final class Machine {
    private Machine() {}

    static String describe(String load1) {
      return "nproc=" + Runtime.getRuntime().availableProcessors() + " mem=" + memory() + " load=" + load1;
    }

    private static String memory() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
          if (line.startsWith("MemTotal:")) {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.1fGiB", kib / 1024.0 / 1024.0);
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux: say so below
      }
      return "?";
    }
  }
}
