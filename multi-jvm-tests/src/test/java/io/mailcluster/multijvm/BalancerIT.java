package io.mailcluster.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./mailcluster up --balancer`: HAProxy (TCP mode, PROXY protocol v2, health check on the
 * nodes' /ready) in front of two nodes. Clients use only the balancer's address; the
 * `Received:` header names the real client, not HAProxy; a killed node is taken out of
 * rotation and clients keep being served.
 */
class BalancerIT {

  private static final String BALANCER = "127.0.0.254";
  private static final String CLIENT = "127.0.0.77";
  private static final String USER = "ann@balanced.test";
  private static final String PASSWORD = "balanced-secret";

  @TempDir Path var;
  private Launcher launcher;

  @AfterEach
  void alwaysDown() throws Exception {
    if (launcher != null) {
      launcher.run(null, "down");
    }
  }

  @Test
  void clientsSeeOneServerBehindHaproxyAndAKilledNodeLeavesTheRotation() throws Exception {
    launcher = new Launcher(var, 2);
    Launcher.Result up = launcher.run(null, "up", "--nodes", "2", "--balancer");
    assertEquals(0, up.exitCode(), up.stdout() + up.stderr());
    assertTrue(up.stdout().contains("balancer (HAProxy, PROXY v2 to the nodes)"), up.stdout());
    assertEquals(0, launcher.run(null, "admin", "domain", "add", "balanced.test").exitCode());
    assertEquals(0, launcher.run(PASSWORD + "\n", "admin", "user", "add", USER, "--password-stdin").exitCode());

    String reply = sendFrom(CLIENT, "through the balancer");
    assertTrue(reply.startsWith("250 "), reply);
    try (ImapClient imap = ImapClient.login(BALANCER, launcher.imapPort(), USER, PASSWORD)) {
      assertTrue(imap.command("s EXAMINE INBOX").startsWith("s OK"));
      StringBuilder header = new StringBuilder();
      imap.fetchLiteral("f FETCH 1 BODY.PEEK[HEADER]", octet -> header.append((char) octet));
      assertTrue(header.toString().contains("Received: from client.test ([" + CLIENT + "])"), header.toString());
    }

    long pid = Long.parseLong(Files.readString(var.resolve("run/node-2.pid")).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    long killed = System.nanoTime();
    // HAProxy's check (inter 2 s, fall 3) marks node 2 down; meanwhile a connect to it fails
    // fast and is redispatched. Either way every client must be served.
    long deadline = killed + TimeUnit.SECONDS.toNanos(60);
    Path log = var.resolve("logs/haproxy.log");
    while (!Files.readString(log).contains("Server imap_nodes/node2 is DOWN")) {
      assertTrue(System.nanoTime() < deadline, "HAProxy never marked node 2 down: " + Files.readString(log));
      TimeUnit.MILLISECONDS.sleep(200); // poll interval while waiting for HAProxy's health check
    }
    System.out.println("HAProxy marked the killed node down after "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms");
    // the mailboxes whose entities lived on node 2 answer again once the cluster has downed
    // it and moved its shards (split brain resolver stable-after): until then NO [UNAVAILABLE]
    while (!answersAfterRetry()) {
      assertTrue(System.nanoTime() < killed + TimeUnit.SECONDS.toNanos(90), "the mailbox never came back");
      TimeUnit.MILLISECONDS.sleep(500); // poll interval while waiting for the shard to move
    }
    System.out.println("the mailbox answered through the balancer again "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms after the kill");
    for (int i = 0; i < 10; i++) {
      assertTrue(statusAnswers(), "session " + i);
      String again = sendFrom(CLIENT, "after the kill " + i);
      assertTrue(again.startsWith("250 "), "delivery " + i + ": " + again);
    }
  }

  /** As {@link #statusAnswers}, with a refused login (the account's entity unreachable) as false. */
  private boolean answersAfterRetry() {
    try {
      return statusAnswers();
    } catch (IOException unavailable) {
      return false;
    }
  }

  /** A fresh IMAP session through the balancer logs in and gets STATUS of the INBOX. */
  private boolean statusAnswers() throws IOException {
    try (ImapClient imap = ImapClient.login(BALANCER, launcher.imapPort(), USER, PASSWORD)) {
      return imap.command("s STATUS INBOX (MESSAGES)").startsWith("s OK");
    }
  }

  /** One SMTP transaction through the balancer from {@code from}; answers the reply to the data. */
  private String sendFrom(String from, String subject) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName(BALANCER), launcher.smtpPort(),
        InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      expect(in, "220");
      for (String line : new String[] {"EHLO client.test", "MAIL FROM:<x@remote.test>", "RCPT TO:<" + USER + ">", "DATA"}) {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, line.equals("DATA") ? "354" : "250");
      }
      out.write(("Subject: " + subject + "\r\n\r\nhello\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = lastLine(in);
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return reply;
    }
  }

  private static void expect(BufferedReader in, String code) throws IOException {
    String line = lastLine(in);
    if (!line.startsWith(code)) {
      throw new IOException("expected " + code + ", got " + line);
    }
  }

  /** The last line of a (multi-line) SMTP reply. */
  private static String lastLine(BufferedReader in) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }
}
