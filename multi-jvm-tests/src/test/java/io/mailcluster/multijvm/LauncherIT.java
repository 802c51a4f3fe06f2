package io.mailcluster.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.mailcluster.cassandra.CassandraSettings;
import io.mailcluster.cassandra.CqlReadiness;
import io.mailcluster.cassandra.EmbeddedCassandra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's path: `./mailcluster up --nodes 2` starts Cassandra and two node JVMs, the admin
 * commands work through them, a 50 MB message is streamed through a node's 256 MB heap into the
 * blob store, `bench smtp` sends through both nodes, `status` shows two Up members, `down` leaves no
 * process behind.
 */
class LauncherIT {

  @TempDir Path var;
  private Launcher launcher;

  @AfterEach
  void alwaysDown() throws Exception {
    if (launcher != null) {
      launcher.run(null, "down");
    }
  }

  @Test
  void upAdminStatusDownWithTwoNodes() throws Exception {
    launcher = new Launcher(var, 2);
    Launcher.Result up = launcher.run(null, "up", "--nodes", "2");
    assertEquals(0, up.exitCode(), up.stdout() + up.stderr());
    assertTrue(up.stdout().contains("mail cluster up: 2 nodes"), up.stdout());
    for (String node : List.of("127.0.0.1", "127.0.0.2")) {
      assertTrue(up.stdout().contains(node + ":" + launcher.smtpPort()), up.stdout());
      assertTrue(smtpGreeting(node, launcher.smtpPort()).startsWith("220 "), "SMTP on " + node);
    }
    Path token = var.resolve("admin-token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    List<Long> pids = pids();
    assertEquals(3, pids.size(), "Cassandra and two nodes: " + pids);

    ok(launcher.run(null, "admin", "domain", "add", "example.test"));
    ok(launcher.run("s3cret-enough\n", "admin", "user", "add", "alice@example.test", "--password-stdin"));
    ok(launcher.run(null, "admin", "user", "add", "bob@example.test", "--password", "another-secret"));
    ok(launcher.run(null, "admin", "alias", "add", "postmaster@example.test", "alice@example.test"));
    ok(launcher.run(null, "admin", "quota", "set", "alice@example.test", "512M"));
    ok(launcher.run(null, "admin", "user", "passwd", "bob@example.test", "--password", "changed-secret"));

    assertEquals("example.test\n", ok(launcher.run(null, "admin", "domain", "list")).stdout());
    assertEquals("alice@example.test\nbob@example.test\n",
        ok(launcher.run(null, "admin", "user", "list", "example.test")).stdout());
    assertEquals("postmaster@example.test -> alice@example.test\n",
        ok(launcher.run(null, "admin", "alias", "list", "example.test")).stdout());
    assertTrue(ok(launcher.run(null, "admin", "user", "show", "alice@example.test")).stdout()
        .contains("536870912"));

    Launcher.Result duplicate = launcher.run(null, "admin", "domain", "add", "example.test");
    assertEquals(1, duplicate.exitCode());
    assertTrue(duplicate.stderr().startsWith("mailcluster: "), duplicate.stderr());
    assertEquals(1, duplicate.stderr().strip().lines().count(), "one-line reason: " + duplicate.stderr());
    Launcher.Result invalid = launcher.run(null, "admin", "user", "add", "not-an-address", "--password", "x1234567");
    assertEquals(1, invalid.exitCode(), invalid.stderr());
    assertEquals(2, launcher.run(null, "admin", "frobnicate").exitCode());

    ok(launcher.run(null, "admin", "alias", "remove", "postmaster@example.test"));
    ok(launcher.run(null, "admin", "user", "remove", "bob@example.test"));
    assertEquals("alice@example.test\n", ok(launcher.run(null, "admin", "user", "list")).stdout());

    long stored = fiftyMegabyteMessageIsStreamedThroughA256MegabyteHeap();
    fiftyMegabyteMessageIsRetrievedOverPop3OctetForOctet(stored);
    fiftyMegabytesGoInAndOutOverImap(stored);
    benchSendsOverBothNodesAndPrintsOneSummaryLine();

    Launcher.Result status = ok(launcher.run(null, "status"));
    assertEquals(2, status.stdout().lines().filter(l -> l.contains(" Up ")).count(), status.stdout());
    assertTrue(status.stdout().contains("cassandra: running"), status.stdout());

    pop3LockOfAKilledNodeIsReleasedWithinTheLease(); // kills node 2: the last step before down

    ok(launcher.run(null, "down"));
    for (long pid : pids) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      assertFalse(process.isPresent() && process.get().isAlive(), "process " + pid + " still running");
    }
    launcher = null;
  }

  @Test
  void upWithAnExternalCassandraLeavesItRunningOnDown() throws Exception {
    try (EmbeddedCassandra external = EmbeddedCassandra.start(CassandraSettings.forTests(var.resolve("external")))) {
      launcher = new Launcher(var.resolve("state"), 1);
      String contactPoint = external.endpoint().contactPoint();
      Launcher.Result up = launcher.run(null, "up", "--nodes", "1", "--cassandra", contactPoint);
      assertEquals(0, up.exitCode(), up.stdout() + up.stderr());
      assertTrue(up.stdout().contains("using Cassandra at " + contactPoint), up.stdout());
      assertTrue(ok(launcher.run(null, "status")).stdout().contains("cassandra: external at " + contactPoint));
      ok(launcher.run(null, "admin", "domain", "add", "external.test"));

      ok(launcher.run(null, "down"));
      launcher = null;
      assertTrue(external.isAlive(), "down must not stop a Cassandra it did not start");
      assertTrue(CqlReadiness.releaseVersion(external.cqlAddress()).startsWith("5."));
    }
  }

  /**
   * The message is streamed into the blob store: a 50 MB message (generated while it is sent,
   * never held by the test either) is accepted by node 2, whose JVM really runs with at most
   * 256 MB of heap, is listed with its size, and the node is still ready afterwards.
   */
  private long fiftyMegabyteMessageIsStreamedThroughA256MegabyteHeap() throws Exception {
    long pid = Long.parseLong(Files.readString(var.resolve("run/node-2.pid")).strip());
    long maxHeap = maxHeapOf(pid);
    assertTrue(maxHeap > 0 && maxHeap <= 256L << 20, "node 2 must run with -Xmx <= 256m, has " + maxHeap);

    ok(launcher.run(null, "admin", "domain", "add", "big.test"));
    ok(launcher.run("s3cret-enough\n", "admin", "user", "add", "receiver@big.test", "--password-stdin"));
    long size = 50_000_000L;
    String reply = sendGenerated("127.0.0.2", launcher.smtpPort(), "receiver@big.test",
        new GeneratedMessage(size, "fifty-megabytes"), size);
    assertTrue(reply.startsWith("250 "), "final reply to a 50 MB DATA: " + reply);

    JsonNode listing = adminGet("127.0.0.1", "/api/accounts/receiver@big.test/folders/INBOX/messages");
    JsonNode messages = listing.get("messages");
    assertEquals(1, messages.size(), listing.toString());
    assertEquals("fifty-megabytes", messages.get(0).get("subject").asText(), listing.toString());
    long stored = messages.get(0).get("size").asLong();
    // what was sent, plus the Return-Path and Received lines the node put in front
    assertTrue(stored > size && stored <= size + 1024, "stored size " + stored + " for " + size + " sent");

    assertEquals(200, httpStatus("127.0.0.2", launcher.managementPort(), "/ready"), "node 2 still ready");
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node 2 still running");
    return stored;
  }

  /**
   * POP3 streams the 50 MB message back from node 2 (256 MB heap) through dot-stuffing: what
   * arrives, un-stuffed, is the node's trace header lines followed by exactly the octets sent.
   */
  private void fiftyMegabyteMessageIsRetrievedOverPop3OctetForOctet(long stored) throws Exception {
    long size = 50_000_000L;
    long prefix = stored - size;
    StringBuilder answer = new StringBuilder();
    try (Pop3Client pop3 = Pop3Client.login("127.0.0.2", launcher.pop3Port(), "receiver@big.test",
        "s3cret-enough", answer);
        GeneratedMessage expected = new GeneratedMessage(size, "fifty-megabytes")) {
      assertEquals("+OK maildrop has 1 messages (" + stored + " octets)", answer.toString());
      ByteArrayOutputStream trace = new ByteArrayOutputStream();
      long[] received = {0};
      String status = pop3.retrieve(1, octet -> {
        long i = received[0]++;
        if (i < prefix) {
          trace.write(octet);
        } else if (octet != expected.read()) {
          throw new IOException("octet " + i + " differs from what was sent");
        }
      });
      assertEquals("+OK " + stored + " octets", status);
      assertEquals(stored, received[0]);
      assertTrue(trace.toString(StandardCharsets.US_ASCII)
          .startsWith("Return-Path: <big-sender@remote.test>\r\nReceived: "), trace.toString());
      assertTrue(pop3.command("QUIT").startsWith("+OK"));
    }
    assertEquals(200, httpStatus("127.0.0.2", launcher.managementPort(), "/ready"), "node 2 still ready");
  }

  /**
   * IMAP streams the same 50 MB message out of node 1 (BODY.PEEK[] octet for octet), and a 50 MB
   * APPEND streams into node 2's 256 MB heap; both nodes stay ready.
   */
  private void fiftyMegabytesGoInAndOutOverImap(long stored) throws Exception {
    long size = 50_000_000L;
    long prefix = stored - size;
    try (ImapClient imap = ImapClient.login("127.0.0.1", launcher.imapPort(), "receiver@big.test",
        "s3cret-enough");
        GeneratedMessage expected = new GeneratedMessage(size, "fifty-megabytes")) {
      assertTrue(imap.command("s EXAMINE INBOX").startsWith("s OK"));
      long[] received = {0};
      long literal = imap.fetchLiteral("f FETCH 1 BODY.PEEK[]", octet -> {
        if (received[0]++ >= prefix && octet != expected.read()) {
          throw new IOException("octet " + (received[0] - 1) + " differs from what was sent");
        }
      });
      assertEquals(stored, literal);
    }
    try (ImapClient imap = ImapClient.login("127.0.0.2", launcher.imapPort(), "receiver@big.test",
        "s3cret-enough");
        GeneratedMessage message = new GeneratedMessage(size, "appended-over-imap")) {
      String appended = imap.append("Drafts", size, message);
      assertTrue(appended.startsWith("b OK [APPENDUID "), appended);
      assertTrue(imap.command("s STATUS Drafts (MESSAGES SIZE)")
          .startsWith("s OK"), "STATUS after a big APPEND");
    }
    for (String node : List.of("127.0.0.1", "127.0.0.2")) {
      assertEquals(200, httpStatus(node, launcher.managementPort(), "/ready"), node + " still ready");
    }
  }

  /**
   * A POP3 session's maildrop lock dies with its node: node 2 holds alice's maildrop and is
   * killed (SIGKILL); node 1 refuses the maildrop ([IN-USE]) until the lease runs out and the
   * cluster has downed node 2, then serves it. Prints how long that took.
   */
  private void pop3LockOfAKilledNodeIsReleasedWithinTheLease() throws Exception {
    long pid = Long.parseLong(Files.readString(var.resolve("run/node-2.pid")).strip());
    StringBuilder held = new StringBuilder();
    try (Pop3Client holder = Pop3Client.login("127.0.0.2", launcher.pop3Port(), "alice@example.test",
        "s3cret-enough", held)) {
      assertTrue(held.toString().startsWith("+OK maildrop has"), held.toString());
      assertEquals("-ERR [IN-USE] maildrop is locked by another session",
          pop3Login("127.0.0.1", "alice@example.test"));
      ProcessHandle node2 = ProcessHandle.of(pid).orElseThrow();
      node2.destroyForcibly();
      node2.onExit().get(30, TimeUnit.SECONDS);
    }
    long killed = System.nanoTime();
    List<String> answers = new ArrayList<>();
    long deadline = killed + TimeUnit.SECONDS.toNanos(120);
    String answer = "";
    while (!answer.startsWith("+OK") && System.nanoTime() < deadline) {
      answer = pop3Login("127.0.0.1", "alice@example.test");
      answers.add(answer);
      if (!answer.startsWith("+OK")) {
        TimeUnit.MILLISECONDS.sleep(500); // poll interval while waiting for the condition
      }
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
    System.out.println("POP3 maildrop of a killed node free again after " + seconds + " s; answers: "
        + new LinkedHashSet<>(answers));
    assertTrue(answer.startsWith("+OK maildrop has"), "never released: " + answers);
    assertTrue(answers.stream().allMatch(a -> a.startsWith("+OK") || a.startsWith("-ERR [")),
        "every refusal names its reason: " + answers);
  }

  /** One POP3 login; the answer to PASS (the session then quits). */
  private String pop3Login(String host, String user) throws IOException {
    StringBuilder answer = new StringBuilder();
    try (Pop3Client client = Pop3Client.login(host, launcher.pop3Port(), user, "s3cret-enough", answer)) {
      client.command("QUIT");
    }
    return answer.toString();
  }

  /** `./mailcluster bench smtp` works against the cluster (what it measures is not checked here). */
  private void benchSendsOverBothNodesAndPrintsOneSummaryLine() throws Exception {
    Launcher.Result bench = ok(launcher.run(null, "bench", "smtp", "--senders", "2", "--messages", "20",
        "--warmup", "0", "--per-connection", "3", "--mailboxes", "3"));
    List<String> lines = bench.stdout().lines().toList();
    assertEquals(1, lines.size(), bench.stdout());
    assertTrue(lines.get(0).matches("smtp-bench client=java nproc=\\d+ mem=\\S+ load=\\S+ nodes=2 senders=2"
        + " messages=20 size=10240 per-connection=3 mailboxes=3 accepted=20 errors=0 elapsed=\\S+s"
        + " msgs/s=[0-9.]+ p50=[0-9.]+ms p99=[0-9.]+ms"), lines.get(0));
    // message n went to mailbox n mod 3: 7, 7 and 6 messages
    JsonNode first = adminGet("127.0.0.2", "/api/accounts/bench-1@bench.test/folders/INBOX/messages");
    assertEquals(7, first.get("messages").size(), first.toString());
    JsonNode third = adminGet("127.0.0.1", "/api/accounts/bench-3@bench.test/folders/INBOX/messages");
    assertEquals(6, third.get("messages").size(), third.toString());
  }

  /** The JVM's -Xmx in bytes, read from the process's real command line (the last one wins). */
  private static long maxHeapOf(long pid) throws IOException {
    String[] args = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8).split("\0");
    long max = -1;
    for (String arg : args) {
      if (arg.startsWith("-Xmx")) {
        max = bytes(arg.substring(4));
      }
    }
    return max;
  }

  private static long bytes(String size) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
    long factor = switch (unit) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1;
    };
    return Long.parseLong(digits) * factor;
  }

  /** One SMTP transaction on a raw socket; the content is copied from the stream as it is made. */
  private static String sendGenerated(String host, int port, String recipient, InputStream content, long size)
      throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(180_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      expect(in, "220");
      command(in, out, "EHLO client.test", "250");
      command(in, out, "MAIL FROM:<big-sender@remote.test> SIZE=" + size, "250");
      command(in, out, "RCPT TO:<" + recipient + ">", "250");
      command(in, out, "DATA", "354");
      content.transferTo(out); // the content ends with CRLF and has no line starting with a dot
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = reply(in);
      command(in, out, "QUIT", "221");
      return reply;
    }
  }

  private static void command(BufferedReader in, OutputStream out, String line, String code) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    expect(in, code);
  }

  private static void expect(BufferedReader in, String code) throws IOException {
    String reply = reply(in);
    assertTrue(reply.startsWith(code), "expected " + code + ", got " + reply);
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

  private JsonNode adminGet(String host, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + launcher.httpPort() + path))
        .header("Authorization", "Bearer " + Files.readString(var.resolve("admin-token")).strip())
        .timeout(Duration.ofSeconds(60))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new ObjectMapper().readTree(response.body());
  }

  private static int httpStatus(String host, int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .timeout(Duration.ofSeconds(10))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static Launcher.Result ok(Launcher.Result result) {
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    return result;
  }

  private List<Long> pids() throws Exception {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(var.resolve("run"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        pids.add(Long.parseLong(Files.readString(file).strip()));
      }
    }
    return pids;
  }

  /** The first line a node's SMTP listener sends. */
  private static String smtpGreeting(String host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      String line = new BufferedReader(new InputStreamReader(
          socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return line == null ? "" : line;
    }
  }
}
