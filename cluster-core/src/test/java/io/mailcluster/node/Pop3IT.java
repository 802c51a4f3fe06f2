package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.MessageEntry;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * POP3 against a two-node cluster and the real Cassandra, with real clients: Python's poplib,
 * curl and Jakarta Mail (Angus), plus a raw socket for the lock rules. Mail arrives by SMTP;
 * what POP3 deletes is gone from the INBOX folder entity (the view IMAP will serve).
 */
@ExtendWith(CassandraExtension.class)
class Pop3IT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "pop.test";
  private static final String PASSWORD = "pop secret 1";
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

  private static TwoNodeCluster cluster;
  private static TestNode nodeA;
  private static TestNode nodeB;
  private static StoredMail mail;

  @BeforeAll
  static void startCluster(CassandraEndpoint cassandra) throws Exception {
    cluster = TwoNodeCluster.start(cassandra, probes, DOMAIN, PASSWORD,
        List.of("poplib", "curl", "jakarta", "locked", "dropped", "uidl", "failing"));
    nodeA = cluster.nodeA;
    nodeB = cluster.nodeB;
    mail = cluster.mail;
    // storage services come up in the background after start: wait until SMTP delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      deliver("poplib", "warm-up");
      return null;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  void poplibListsAndRetrievesTheBytesSmtpStored() throws Exception {
    deliver("poplib", "for poplib\r\n.dot line");
    List<MessageEntry> stored = mail.inboxEntries(address("poplib"));
    String script = String.join("\n",
        "import poplib, sys",
        "p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=30)",
        "p.user(sys.argv[2]); p.pass_(sys.argv[3])",
        "count, octets = p.stat()",
        "print('STAT', count, octets)",
        "for line in p.uidl()[1]: print('UIDL', line.decode())",
        "for n in range(1, count + 1):",
        "  resp, lines, size = p.retr(n)",
        "  sys.stdout.buffer.write(b'RETR ' + str(n).encode() + b' ' + b'\\r\\n'.join(lines) + b'\\r\\nEND\\n')",
        "print(p.quit().decode())");
    ClientProcess.Run run = ClientProcess.run(CLIENT_TIMEOUT, List.of("python3", "-c", script,
        String.valueOf(nodeB.pop3Port), address("poplib"), PASSWORD));
    assertEquals(0, run.exitCode(), run.output());
    long octets = stored.stream().mapToLong(MessageEntry::size).sum();
    assertTrue(run.output().contains("STAT " + stored.size() + " " + octets), run.output());
    for (int n = 1; n <= stored.size(); n++) {
      MessageEntry entry = stored.get(n - 1);
      String expectedBytes = mail.content(entry.blobId());
      // poplib removes the line ends and the dot-stuffing; the lines joined with CRLF
      // plus the final CRLF are the stored message
      assertTrue(run.output().contains("RETR " + n + " " + expectedBytes + "END\n"), run.output());
      assertTrue(run.output().contains("UIDL " + n + " "), run.output());
    }
    assertTrue(run.output().contains("+OK"), run.output());
  }

  @Test
  void curlListsAndDownloadsAMessage() throws Exception {
    deliver("curl", "for curl");
    MessageEntry entry = mail.inboxEntries(address("curl")).get(0);
    String url = "pop3://127.0.0.1:" + nodeA.pop3Port + "/";
    List<String> login = List.of("curl", "-sS", "--max-time", "30", "-u",
        address("curl") + ":" + PASSWORD);
    ClientProcess.Run list = ClientProcess.run(CLIENT_TIMEOUT, concat(login, url));
    assertEquals(0, list.exitCode(), list.output());
    assertEquals("1 " + entry.size() + "\r\n", list.output());
    ClientProcess.Run retr = ClientProcess.run(CLIENT_TIMEOUT, concat(login, url + "1"));
    assertEquals(0, retr.exitCode(), retr.output());
    assertEquals(mail.content(entry.blobId()), retr.output());

    ClientProcess.Run wrong = ClientProcess.run(CLIENT_TIMEOUT, List.of("curl", "-sS",
        "--max-time", "30", "-u", address("curl") + ":wrong", url));
    assertEquals(67, wrong.exitCode(), "curl: login denied; " + wrong.output());
  }

  @Test
  void jakartaMailDeletesAndQuitCommitsTheDeletion() throws Exception {
    deliver("jakarta", "first");
    deliver("jakarta", "second");
    String inbox = mail.inbox(address("jakarta"));
    List<MessageEntry> before = mail.entries(inbox);
    assertEquals(2, before.size());

    Properties props = new Properties();
    props.put("mail.pop3.host", "127.0.0.1");
    props.put("mail.pop3.port", String.valueOf(nodeB.pop3Port));
    props.put("mail.pop3.connectiontimeout", "30000");
    props.put("mail.pop3.timeout", "30000");
    Store store = Session.getInstance(props).getStore("pop3");
    store.connect(address("jakarta"), PASSWORD);
    try {
      Folder folder = store.getFolder("INBOX");
      folder.open(Folder.READ_WRITE);
      Message[] messages = folder.getMessages();
      assertEquals(2, messages.length);
      assertTrue(messages[0].getSubject().equals("first"), messages[0].getSubject());
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      messages[1].writeTo(raw);
      assertEquals(mail.content(before.get(1).blobId()), raw.toString(StandardCharsets.UTF_8));
      messages[0].setFlag(Flags.Flag.DELETED, true);
      folder.close(true); // QUIT: the UPDATE state commits the deletion
    } finally {
      store.close();
    }
    List<MessageEntry> after = mail.entries(inbox);
    assertEquals(List.of(before.get(1).uid()), after.stream().map(MessageEntry::uid).toList());
  }

  @Test
  void aSecondSessionOnAnotherNodeGetsInUseUntilTheFirstQuits() throws Exception {
    deliver("locked", "one");
    try (RawPop3 first = RawPop3.login(nodeA.pop3Port, address("locked"), PASSWORD)) {
      assertTrue(first.last().startsWith("+OK maildrop has 1 messages"), first.last());
      try (RawPop3 second = RawPop3.connect(nodeB.pop3Port)) {
        second.command("USER " + address("locked"));
        assertEquals("-ERR [IN-USE] maildrop is locked by another session",
            second.command("PASS " + PASSWORD));
        first.command("QUIT");
        second.command("USER " + address("locked")); // a refused login starts over
        assertTrue(second.command("PASS " + PASSWORD).startsWith("+OK maildrop has 1"),
            second.last());
        second.command("QUIT");
      }
    }
  }

  @Test
  void aDroppedConnectionCommitsNothingAndReleasesTheMaildrop() throws Exception {
    deliver("dropped", "keep me");
    try (RawPop3 session = RawPop3.login(nodeA.pop3Port, address("dropped"), PASSWORD)) {
      assertEquals("+OK message 1 deleted", session.command("DELE 1"));
    } // no QUIT
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
      try (RawPop3 next = RawPop3.login(nodeB.pop3Port, address("dropped"), PASSWORD)) {
        assertTrue(next.last().startsWith("+OK maildrop has 1 messages"), next.last());
        next.command("QUIT");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return null;
    });
    assertEquals(1, mail.inboxEntries(address("dropped")).size());
  }

  @Test
  void uniqueIdsAreTheSameOnEveryNodeAndSurviveDeletions() throws Exception {
    deliver("uidl", "a");
    deliver("uidl", "b");
    deliver("uidl", "c");
    List<String> onA;
    try (RawPop3 a = RawPop3.login(nodeA.pop3Port, address("uidl"), PASSWORD)) {
      onA = a.multiLine("UIDL");
      a.command("DELE 1");
      a.command("QUIT");
    }
    try (RawPop3 b = RawPop3.login(nodeB.pop3Port, address("uidl"), PASSWORD)) {
      List<String> onB = b.multiLine("UIDL");
      assertEquals(3, onA.size(), onA.toString());
      // message 2 and 3 are now 1 and 2: their unique ids did not change
      assertEquals(List.of("1 " + id(onA.get(1)), "2 " + id(onA.get(2))), onB);
      b.command("QUIT");
    }
  }

  @Test
  void wrongPasswordsAreRefusedAndTooManyCloseTheConnection() throws Exception {
    try (RawPop3 session = RawPop3.connect(nodeA.pop3Port)) {
      for (int attempt = 1; attempt <= 2; attempt++) {
        session.command("USER " + address("failing"));
        assertEquals("-ERR [AUTH] invalid user name or password", session.command("PASS nope"));
      }
      session.command("USER " + address("failing"));
      assertEquals("-ERR [AUTH] too many failed logins", session.command("PASS nope"));
      assertEquals(null, session.readLine(), "the server closed the connection");
    }
  }

  private static String id(String uidlLine) {
    return uidlLine.substring(uidlLine.indexOf(' ') + 1);
  }

  private static String address(String user) {
    return user + "@" + DOMAIN;
  }

  private static List<String> concat(List<String> head, String last) {
    List<String> all = new ArrayList<>(head);
    all.add(last);
    return all;
  }

  /** Delivers one message by SMTP through node A; fails unless the 250 came. */
  private static void deliver(String user, String subjectAndBody) throws IOException {
    String subject = subjectAndBody.split("\r\n")[0];
    List<String> replies = RawSmtp.send(nodeA.smtpPort, List.of(address(user)),
        "Subject: " + subject + "\r\n\r\n" + subjectAndBody.replace("\r\n.", "\r\n..") + "\r\n");
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
  }
}
