package io.mailcluster.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code messages} messages with {@code senders} concurrent sessions. Each sender takes
 * the next message number from a shared counter, so fast senders do more; it keeps its
 * connection for {@code perConnection} messages, then opens the next one on the next node, so
 * connections are spread over every node's SMTP port. Message {@code n} goes to mailbox
 * {@code n mod mailboxes}.
 */
final class SmtpLoad {

  /** What a run did: accepted messages with their end-of-DATA to 250 times, and failures. */
  record Outcome(int accepted, int errors, Latencies latencies, long elapsedNanos, List<String> firstErrors) {

    double perSecond() {
      return accepted / (elapsedNanos / 1e9);
    }
  }

  private static final int TIMEOUT_MILLIS = 60_000;
  private static final String FROM = "bench-sender@remote.test";

  private final BenchOptions options;
  private final String runId;

  SmtpLoad(BenchOptions options, String runId) {
    this.options = options;
    this.runId = runId;
  }

  Outcome run(int messages) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Sender> senders = new ArrayList<>();
    for (int i = 0; i < options.senders(); i++) {
      senders.add(new Sender(i, next, messages));
    }
    long started = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (Sender sender : senders) {
      Thread thread = new Thread(sender, "bench-sender-" + sender.index);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long elapsed = System.nanoTime() - started;
    Latencies all = new Latencies();
    int accepted = 0;
    int errors = 0;
    List<String> firstErrors = new ArrayList<>();
    for (Sender sender : senders) {
      all.addAll(sender.latencies);
      accepted += sender.accepted;
      errors += sender.errors;
      for (String error : sender.firstErrors) {
        if (firstErrors.size() < 5 && !firstErrors.contains(error)) {
          firstErrors.add(error);
        }
      }
    }
    return new Outcome(accepted, errors, all, elapsed, firstErrors);
  }

  private final class Sender implements Runnable {

    final int index;
    final AtomicInteger next;
    final int messages;
    final Latencies latencies = new Latencies();
    final List<String> firstErrors = new ArrayList<>();
    int accepted;
    int errors;
    private int node;

    Sender(int index, AtomicInteger next, int messages) {
      this.index = index;
      this.next = next;
      this.messages = messages;
      this.node = index;
    }

    @Override
    public void run() {
      SmtpConnection connection = null;
      int onConnection = 0;
      try {
        for (int n = next.getAndIncrement(); n < messages; n = next.getAndIncrement()) {
          InetSocketAddress server = options.smtp().get(node % options.smtp().size());
          try {
            if (connection == null || onConnection == options.perConnection()) {
              if (connection != null) {
                connection.close();
                node++;
                server = options.smtp().get(node % options.smtp().size());
              }
              connection = null;
              connection = new SmtpConnection(server, "bench-client.test", TIMEOUT_MILLIS);
              onConnection = 0;
            }
            String to = options.mailbox(n % options.mailboxes());
            latencies.add(connection.send(FROM, to, MessageText.of(options.size(), FROM, to, runId + "-" + n)));
            accepted++;
            onConnection++;
          } catch (SmtpConnection.Refused e) {
            failed(server + ": " + e.getMessage());
            connection.close(); // a fresh session rather than RSET: the refusal may be a 421
            connection = null;
          } catch (IOException e) {
            failed(server + ": " + e);
            if (connection != null) {
              connection.close();
            }
            connection = null;
            node++;
          }
        }
      } finally {
        if (connection != null) {
          connection.close();
        }
      }
    }

    private void failed(String error) {
      errors++;
      if (firstErrors.size() < 5) {
        firstErrors.add(error);
      }
    }
  }
}
