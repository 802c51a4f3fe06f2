package io.mailcluster.multijvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * SMTP load: sender threads, each sending messages with a unique Subject and Message-ID to
 * mailboxes in turn, over connections to the nodes {@code targets} names (a reconnect moves on to
 * the next). Every message ends in the ledger: accepted (250 after DATA), refused (4xx after
 * DATA: not acknowledged), uncertain (the connection broke after the end of DATA was sent, so the
 * client cannot know) or wrong (a 5xx for a valid mailbox: never acceptable).
 */
final class SmtpLoad implements AutoCloseable {

  /** A message the cluster acknowledged: its subject, mailbox, and when its 250 came. */
  record Accepted(String subject, String mailbox, long atNanos, String node) {}

  /** A message refused at the end of DATA: the reply, when, and through which node. */
  record Refusal(String reply, long atNanos, String node) {}

  final String runId;
  private final List<String> mailboxes;
  private final Supplier<List<NodeProcess>> targets;
  private final int perConnection;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger nextTarget = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
  /** Refused after DATA: subject -> the reply and when it came (System.nanoTime). */
  final Map<String, Refusal> refused = new ConcurrentHashMap<>();
  final Set<String> uncertain = ConcurrentHashMap.newKeySet();
  /** Per node name: transactions whose end of DATA was sent but never answered. */
  final Map<String, AtomicInteger> uncertainByNode = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
  /** Replies other than 250 (and connection failures), counted by their first three characters. */
  final Map<String, AtomicInteger> otherReplies = new ConcurrentHashMap<>();
  final AtomicInteger connections = new AtomicInteger();

  SmtpLoad(String runId, List<String> mailboxes, Supplier<List<NodeProcess>> targets, int perConnection) {
    this.runId = runId;
    this.mailboxes = List.copyOf(mailboxes);
    this.targets = targets;
    this.perConnection = perConnection;
  }

  /** Starts {@code senders} sender threads. */
  SmtpLoad start(int senders) {
    for (int i = 0; i < senders; i++) {
      Thread thread = new Thread(this::sendLoop, "smtp-load-" + runId + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  long acceptedCount() {
    return accepted.size();
  }

  /** Accepted messages whose 250 came after {@code nanos}. */
  long acceptedAfter(long nanos) {
    return accepted.values().stream().filter(a -> a.atNanos() > nanos).count();
  }

  /** Stops the senders, letting each finish the transaction it is in. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(60_000);
    }
  }

  String summary() {
    return "accepted=" + accepted.size() + " refused=" + refused.size() + " uncertain=" + uncertain.size()
        + " (by node " + new TreeMap<>(uncertainByNode) + ") wrong=" + wrong.size() + " connections=" + connections.get() + " other replies="
        + new TreeMap<>(otherReplies);
  }

  private void sendLoop() {
    int turn = 0;
    while (running) {
      List<NodeProcess> nodes = targets.get();
      NodeProcess node = nodes.get(Math.floorMod(nextTarget.getAndIncrement(), nodes.size()));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(node.host, node.smtpPort), 5_000);
        socket.setSoTimeout(60_000);
        connections.incrementAndGet();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        if (!count(reply(in)).startsWith("220")) {
          continue;
        }
        if (!count(command(in, out, "EHLO load.test")).startsWith("250")) {
          continue;
        }
        for (int i = 0; i < perConnection && running; i++) {
          String mailbox = mailboxes.get(Math.floorMod(turn++ + (int) (Thread.currentThread().getId() * 7), mailboxes.size()));
          if (!deliver(in, out, node, mailbox)) {
            break;
          }
        }
        if (running) {
          command(in, out, "QUIT");
        }
      } catch (IOException e) {
        otherReplies.computeIfAbsent("io", k -> new AtomicInteger()).incrementAndGet();
      }
    }
  }

  /**
   * One transaction to {@code mailbox} on an open session; answers whether the session may go on.
   * Public to the test as well, for probes that must land on one mailbox.
   */
  boolean deliver(BufferedReader in, OutputStream out, NodeProcess node, String mailbox) throws IOException {
    return deliver(in, out, node, mailbox, new String[1]);
  }

  /** As above; {@code lastReply[0]} is the last reply the transaction got. */
  private boolean deliver(BufferedReader in, OutputStream out, NodeProcess node, String mailbox, String[] lastReply)
      throws IOException {
    String subject = runId + "-" + sequence.incrementAndGet();
    String mail = lastReply[0] = count(command(in, out, "MAIL FROM:<load@remote.test>"));
    if (!mail.startsWith("250")) {
      noteWrong(mail, "MAIL FROM", mailbox);
      return false;
    }
    String rcpt = lastReply[0] = count(command(in, out, "RCPT TO:<" + mailbox + ">"));
    if (!rcpt.startsWith("250")) {
      noteWrong(rcpt, "RCPT TO " + mailbox, mailbox);
      command(in, out, "RSET");
      return !rcpt.startsWith("421");
    }
    String data = lastReply[0] = count(command(in, out, "DATA"));
    if (!data.startsWith("354")) {
      noteWrong(data, "DATA", mailbox);
      return false;
    }
    String content = "From: <load@remote.test>\r\nTo: <" + mailbox + ">\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + subject + "@remote.test>\r\n\r\nload message " + subject + "\r\n.\r\n";
    String end;
    try {
      out.write(content.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      end = lastReply[0] = count(reply(in));
    } catch (IOException e) {
      uncertain.add(subject); // the end of DATA may have been read and the message stored
      uncertainByNode.computeIfAbsent(node.name, k -> new AtomicInteger()).incrementAndGet();
      throw e;
    }
    if (end.startsWith("250")) {
      accepted.put(subject, new Accepted(subject, mailbox, System.nanoTime(), node.name));
      return true;
    }
    refused.put(subject, new Refusal(end, System.nanoTime(), node.name));
    noteWrong(end, "end of DATA", mailbox);
    return !end.startsWith("421");
  }

  /** One message to {@code mailbox} through {@code node} on a fresh connection; answers its last reply. */
  String probe(NodeProcess node, String mailbox) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(node.host, node.smtpPort), 5_000);
      socket.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      reply(in);
      command(in, out, "EHLO probe.test");
      String[] last = new String[1];
      deliver(in, out, node, mailbox, last);
      return last[0];
    } catch (IOException e) {
      return "io: " + e.getMessage();
    }
  }

  private void noteWrong(String reply, String step, String mailbox) {
    if (reply.startsWith("5")) {
      wrong.add(step + " -> " + reply + " (" + mailbox + ")");
    }
  }

  private String count(String reply) {
    if (!reply.startsWith("250") && !reply.startsWith("354") && !reply.startsWith("220")) {
      otherReplies.computeIfAbsent(reply.length() >= 3 ? reply.substring(0, 3) : reply, k -> new AtomicInteger())
          .incrementAndGet();
    }
    return reply;
  }

  private static String command(BufferedReader in, OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply(in);
  }

  /** The last line of a (possibly multi-line) reply. */
  private static String reply(BufferedReader in) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed by the server");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }
}
