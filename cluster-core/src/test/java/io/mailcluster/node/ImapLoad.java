package io.mailcluster.node;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Mixed IMAP load in the spirit of imaptest: concurrent sessions, each logged in to its own
 * account with INBOX selected, looping over a weighted command mix resembling a mail client for
 * a warm-up and then a measured period. Only commands started in the measured period count.
 */
final class ImapLoad {

  /** Command types and weights (they sum to 100). */
  private static final String[] TYPES = {
      "NOOP", "FETCH n:n+49 (FLAGS)", "UID FETCH BODY.PEEK[HEADER]", "UID FETCH BODY.PEEK[]",
      "STORE +FLAGS (\\Seen)", "STORE -FLAGS (\\Seen)", "UID SEARCH UNSEEN", "STATUS INBOX",
      "SELECT INBOX", "APPEND"};
  private static final int[] WEIGHTS = {20, 20, 15, 10, 10, 5, 8, 7, 3, 2};
  private static final String SMALL_MESSAGE = "From: load@bench.test\r\nTo: user@bench.test\r\n"
      + "Subject: appended by the load\r\n\r\nA small message.\r\n";

  /** What a run measured; {@code errors} holds the first few failures in full. */
  record Result(Latencies latencies, double seconds, int failures, List<String> errors) {}

  private final int port;
  private final String password;
  private final int messagesPerInbox;

  ImapLoad(int port, String password, int messagesPerInbox) {
    this.port = port;
    this.password = password;
    this.messagesPerInbox = messagesPerInbox;
  }

  /** One session per address, all started together; answers once every session has ended. */
  Result run(List<String> addresses, Duration warmUp, Duration measured) throws Exception {
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measured.toNanos();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    AtomicReferenceArray<String> current = new AtomicReferenceArray<>(addresses.size());
    ExecutorService pool = Executors.newFixedThreadPool(addresses.size());
    try {
      List<Future<Latencies>> sessions = new ArrayList<>();
      for (int i = 0; i < addresses.size(); i++) {
        int index = i;
        sessions.add(pool.submit(() ->
            session(addresses.get(index), index, measureFrom, end, errors, current)));
      }
      Latencies all = new Latencies();
      long deadline = end + TimeUnit.SECONDS.toNanos(90);
      for (int i = 0; i < sessions.size(); i++) {
        try {
          all.addAll(sessions.get(i).get(Math.max(1, deadline - System.nanoTime()),
              TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          errors.add("session " + addresses.get(i) + " hung in: " + current.get(i));
        }
      }
      return new Result(all, measured.toNanos() / 1e9, errors.size(),
          List.copyOf(errors.subList(0, Math.min(10, errors.size()))));
    } finally {
      pool.shutdownNow();
    }
  }

  private Latencies session(String address, int index, long measureFrom, long end,
      List<String> errors, AtomicReferenceArray<String> current) {
    Latencies latencies = new Latencies();
    SplittableRandom random = new SplittableRandom(index);
    try (RawImap imap = RawImap.login(port, address, password, true)) {
      int exists = exists(imap.command("SELECT INBOX"), 0);
      if (exists < messagesPerInbox) {
        errors.add(address + ": INBOX has " + exists + " messages, expected " + messagesPerInbox);
        return latencies;
      }
      while (true) {
        long started = System.nanoTime();
        if (started >= end) {
          break;
        }
        int type = pick(random);
        String command = command(type, random, exists);
        current.set(index, command);
        List<String> reply = TYPES[type].equals("APPEND")
            ? imap.append("INBOX", "\\Seen", SMALL_MESSAGE)
            : imap.command(command);
        long nanos = System.nanoTime() - started;
        String tagged = RawImap.last(reply);
        if (!tagged.split(" ", 3)[1].equals("OK")) {
          errors.add(address + ": " + command + " -> " + tagged);
        } else if (started >= measureFrom) {
          latencies.add(TYPES[type], nanos);
        }
        exists = exists(reply, exists);
      }
      current.set(index, "LOGOUT");
      imap.command("LOGOUT");
    } catch (IOException | RuntimeException e) {
      errors.add(address + ": " + current.get(index) + " failed: " + e);
    }
    current.set(index, "done");
    return latencies;
  }

  private String command(int type, SplittableRandom random, int exists) {
    int seq = 1 + random.nextInt(Math.min(exists, messagesPerInbox));
    int uid = 1 + random.nextInt(messagesPerInbox);
    switch (TYPES[type]) {
      case "NOOP":
        return "NOOP";
      case "FETCH n:n+49 (FLAGS)":
        int first = 1 + random.nextInt(Math.max(1, exists - 49));
        return "FETCH " + first + ":" + Math.min(exists, first + 49) + " (FLAGS)";
      case "UID FETCH BODY.PEEK[HEADER]":
        return "UID FETCH " + uid + " (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER])";
      case "UID FETCH BODY.PEEK[]":
        return "UID FETCH " + uid + " BODY.PEEK[]";
      case "STORE +FLAGS (\\Seen)":
        return "STORE " + seq + " +FLAGS (\\Seen)";
      case "STORE -FLAGS (\\Seen)":
        return "STORE " + seq + " -FLAGS (\\Seen)";
      case "UID SEARCH UNSEEN":
        return "UID SEARCH UNSEEN";
      case "STATUS INBOX":
        return "STATUS INBOX (MESSAGES UNSEEN UIDNEXT)";
      case "SELECT INBOX":
        return "SELECT INBOX";
      case "APPEND":
        return "APPEND INBOX";
      default:
        throw new IllegalStateException(TYPES[type]);
    }
  }

  private static int pick(SplittableRandom random) {
    int roll = random.nextInt(100);
    for (int i = 0; i < WEIGHTS.length; i++) {
      roll -= WEIGHTS[i];
      if (roll < 0) {
        return i;
      }
    }
    throw new IllegalStateException("weights do not sum to 100");
  }

  /** The last "* n EXISTS" in {@code reply}, else {@code previous}. */
  static int exists(List<String> reply, int previous) {
    int exists = previous;
    for (String line : reply) {
      if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
        exists = Integer.parseInt(line.substring(2, line.length() - " EXISTS".length()));
      }
    }
    return exists;
  }

  static String describeMix() {
    StringBuilder mix = new StringBuilder();
    for (int i = 0; i < TYPES.length; i++) {
      mix.append(i == 0 ? "" : ", ").append(TYPES[i]).append(' ').append(WEIGHTS[i]).append('%');
    }
    return mix.toString();
  }
}
