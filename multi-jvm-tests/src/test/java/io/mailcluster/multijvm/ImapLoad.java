package io.mailcluster.multijvm;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IMAP load: sessions that each log in on one node, SELECT INBOX, then alternate NOOP and a
 * short IDLE (the IDLE's read timeout paces the loop). When a session ends it records how
 * (BYE, or closed without one) per node, and reconnects to the next node of the list it was given.
 * A tagged BAD, or a NO other than [UNAVAILABLE], is a wrong answer.
 */
final class ImapLoad implements AutoCloseable {

  private final List<NodeProcess> nodes;
  private final String password;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /** Per node name: sessions that ended with "* BYE ...". */
  final Map<String, AtomicInteger> byes = new ConcurrentHashMap<>();
  /** Per node name: sessions that ended without BYE (connection closed or reset). */
  final Map<String, AtomicInteger> cut = new ConcurrentHashMap<>();
  /** Per node name: completed NOOP/IDLE rounds. */
  final Map<String, AtomicInteger> rounds = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<String> byeLines = new ConcurrentLinkedQueue<>();
  /** Why sessions were cut: the node, the exception or last line, and the last command. */
  final ConcurrentLinkedQueue<String> cutReasons = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();

  ImapLoad(List<NodeProcess> nodes, String password) {
    this.nodes = List.copyOf(nodes);
    this.password = password;
  }

  /** One session per mailbox, the i-th starting on node i mod nodes. */
  ImapLoad start(List<String> mailboxes) {
    for (int i = 0; i < mailboxes.size(); i++) {
      int first = i;
      String mailbox = mailboxes.get(i);
      Thread thread = new Thread(() -> sessionLoop(mailbox, first), "imap-load-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  int roundsOn(String node) {
    return rounds.getOrDefault(node, new AtomicInteger()).get();
  }

  String summary() {
    return "rounds=" + new TreeMap<>(rounds) + " byes=" + new TreeMap<>(byes) + " cut=" + new TreeMap<>(cut)
        + " wrong=" + wrong.size() + (cutReasons.isEmpty() ? "" : " cut because " + List.copyOf(cutReasons));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  private void sessionLoop(String mailbox, int start) {
    int attempt = start;
    while (running) {
      NodeProcess node = nodes.get(Math.floorMod(attempt++, nodes.size()));
      if (!node.isAlive()) {
        continue;
      }
      Session session = null;
      String reason = "ended";
      try {
        session = Session.open(node.host, node.imapPort);
        if (!session.login(mailbox, password) || !session.ok("s SELECT INBOX")) {
          continue;
        }
        while (running) {
          if (!session.ok("n NOOP")) {
            break;
          }
          session.send("i IDLE");
          String go;
          do { // untagged EXISTS/FETCH lines may come before the continuation
            go = session.line(10_000);
          } while (go != null && go.startsWith("* ") && session.bye == null);
          if (go == null || !go.startsWith("+")) {
            break;
          }
          session.line(1_000); // paces the loop: untagged EXISTS lines or nothing within a second
          if (!session.ok("DONE", "i ")) {
            break;
          }
          rounds.computeIfAbsent(node.name, k -> new AtomicInteger()).incrementAndGet();
        }
      } catch (IOException e) {
        reason = e.toString(); // the connection ended; how is recorded below
      } finally {
        if (session != null) {
          ended(node, session, reason);
        }
      }
    }
  }

  /** Records how a session on {@code node} ended: with BYE, or cut (unless the load was stopping). */
  private void ended(NodeProcess node, Session session, String reason) {
    wrong.addAll(session.wrongAnswers().stream().map(w -> node.name + ": " + w).toList());
    if (session.bye != null) {
      byes.computeIfAbsent(node.name, k -> new AtomicInteger()).incrementAndGet();
      byeLines.add(node.name + ": " + session.bye);
    } else if (running) {
      cut.computeIfAbsent(node.name, k -> new AtomicInteger()).incrementAndGet();
      cutReasons.add(node.name + ": " + reason + " after " + session.lastSent + " / " + session.lastLine);
    }
    try {
      session.close();
    } catch (IOException e) {
      // closing a dead socket
    }
  }

  /** A raw IMAP connection whose reads have deadlines and survive a timeout mid-line. */
  static final class Session implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> wrongAnswers = new ArrayList<>();
    String bye;
    volatile String lastSent = "";
    volatile String lastLine = "";

    private Session(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Session open(String host, int port) throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(host, port), 5_000);
        Session session = new Session(socket);
        String greeting = session.line(30_000);
        if (greeting == null || !greeting.startsWith("* OK")) {
          throw new IOException("greeting: " + greeting);
        }
        return session;
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    boolean login(String user, String password) throws IOException {
      return ok("a LOGIN \"" + user + "\" \"" + password + "\"");
    }

    /** Sends {@code command}; whether its tagged answer (the tag is the first word) is OK. */
    boolean ok(String command) throws IOException {
      return ok(command, command.substring(0, command.indexOf(' ') + 1));
    }

    boolean ok(String command, String tag) throws IOException {
      List<String> lines = command(command, tag, 60_000);
      String last = lines.get(lines.size() - 1);
      return last.startsWith(tag + "OK");
    }

    /** Sends a line; answers every line up to the one starting with {@code tag}, or up to a BYE. */
    List<String> command(String command, String tag, int timeoutMillis) throws IOException {
      send(command);
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = line(timeoutMillis);
        if (line == null) {
          throw new SocketTimeoutException("no answer to " + command + " within " + timeoutMillis + " ms");
        }
        lines.add(line);
        if (line.startsWith(tag) || bye != null) {
          return lines;
        }
      }
    }

    void send(String line) throws IOException {
      lastSent = line.length() > 40 ? line.substring(0, 40) : line;
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** The next line, or null if none completes within {@code timeoutMillis}; notes a BYE. */
    String line(int timeoutMillis) throws IOException {
      socket.setSoTimeout(timeoutMillis);
      try {
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
          partial.write(c);
        }
        if (c == -1) {
          throw new IOException("connection closed");
        }
      } catch (SocketTimeoutException e) {
        return null;
      }
      String text = partial.toString(StandardCharsets.UTF_8);
      partial.reset();
      text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      lastLine = text.length() > 80 ? text.substring(0, 80) : text;
      if (text.startsWith("* BYE")) {
        bye = text;
      }
      if (text.matches("^[a-z] (BAD|NO) .*") && !text.contains("[UNAVAILABLE]")) {
        wrongAnswers.add(text);
      }
      return text;
    }

    List<String> wrongAnswers() {
      return wrongAnswers;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
