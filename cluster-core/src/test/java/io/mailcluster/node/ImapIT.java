package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.mailbox.MessageEntry;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * IMAP against a two-node cluster and the real Cassandra: Python's imaplib through a whole
 * mailbox life cycle, the bytes SMTP stored read back by BODY[], IDLE on one node woken by a
 * delivery through the other, flag changes seen across nodes, and a QRESYNC resync.
 */
@ExtendWith(CassandraExtension.class)
class ImapIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "imap.test";
  private static final String PASSWORD = "imap secret 1";
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

  private static TwoNodeCluster cluster;
  private static TestNode nodeA;
  private static TestNode nodeB;
  private static StoredMail mail;

  @BeforeAll
  static void startCluster(CassandraEndpoint cassandra) throws Exception {
    cluster = TwoNodeCluster.start(cassandra, probes, DOMAIN, PASSWORD,
        List.of("imaplib", "bytes", "idle", "flags", "qresync", "jakarta", "together"));
    nodeA = cluster.nodeA;
    nodeB = cluster.nodeB;
    mail = cluster.mail;
    // storage services come up in the background after start: wait until SMTP delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      deliver(nodeA, "bytes", "warm-up");
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
  void imaplibGoesThroughAWholeMailboxLifeCycle() throws Exception {
    deliver(nodeA, "imaplib", "from smtp");
    String script = String.join("\n",
        "import imaplib, sys",
        "def ok(r):",
        "  typ, data = r",
        "  assert typ == 'OK', r",
        "  return data",
        "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=30)",
        "ok(m.login(sys.argv[2], sys.argv[3]))",
        "ok(m.create('Projects/2026'))",
        "print('LIST', [l.decode() for l in ok(m.list('\"\"', 'Projects*'))])",
        "ok(m.append('Projects/2026', '(\\\\Flagged)', None, b'Subject: appended\\r\\nFrom: a@b.test\\r\\n\\r\\nbody one\\r\\n'))",
        "print('SELECT', ok(m.select('INBOX'))[0].decode())",
        "print('SEARCH', ok(m.search(None, 'SUBJECT', 'smtp'))[0].decode())",
        "print('FETCH', ok(m.fetch('1', '(FLAGS RFC822.SIZE)'))[0].decode())",
        "ok(m.store('1', '+FLAGS', '(\\\\Seen)'))",
        "print('COPY', ok(m.copy('1', 'Projects/2026')))",
        "typ, data = m._simple_command('MOVE', '1', 'Archive'); print('MOVE', typ)",
        "print('EXPUNGE', ok(m.expunge()))",
        "print('INBOX', ok(m.status('INBOX', '(MESSAGES)'))[0].decode())",
        "ok(m.rename('Projects', 'Work'))",
        "print('WORK', ok(m.select('Work/2026'))[0].decode())",
        "print('WORKFETCH', [x.decode() if isinstance(x, bytes) else (x[0] + x[1]).decode() for x in ok(m.fetch('1:*', '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])'))])",
        "ok(m.store('1:*', '+FLAGS', '(\\\\Deleted)'))",
        "ok(m.close())",
        "ok(m.delete('Work/2026'))",
        "print('AFTER', [l.decode() for l in ok(m.list('\"\"', 'Work*'))])",
        "m.logout()");
    ClientProcess.Run run = ClientProcess.run(CLIENT_TIMEOUT, List.of("python3", "-c", script,
        String.valueOf(nodeB.imapPort), address("imaplib"), PASSWORD));
    String out = run.output();
    assertEquals(0, run.exitCode(), out);
    assertTrue(out.contains("LIST ['(\\\\HasChildren) \"/\" Projects', '(\\\\HasNoChildren) \"/\" Projects/2026']"), out);
    assertTrue(out.contains("SELECT 1"), out);
    assertTrue(out.contains("SEARCH 1"), out);
    assertTrue(Pattern.compile("FETCH 1 \\(FLAGS \\(\\) RFC822.SIZE \\d+\\)").matcher(out).find(), out);
    assertTrue(out.contains("MOVE OK"), out);
    assertTrue(out.contains("INBOX INBOX (MESSAGES 0)"), out);
    assertTrue(out.contains("WORK 2"), out);
    assertTrue(out.contains("Subject: appended"), out);
    assertTrue(out.contains("Subject: from smtp"), out);
    assertTrue(out.contains("AFTER ['(\\\\HasNoChildren) \"/\" Work']"), out);
    assertEquals(1, mail.entries(folderId("imaplib", "Archive")).size(), "moved to Archive");
  }

  @Test
  void jakartaMailReadsFlagsCopiesAppendsAndExpunges() throws Exception {
    deliver(nodeA, "jakarta", "hello angus\r\nsecond line");
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "30000");
    props.put("mail.imap.timeout", "30000");
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("127.0.0.1", nodeB.imapPort, address("jakarta"), PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message[] messages = inbox.getMessages();
      assertEquals(1, messages.length);
      assertEquals("hello angus", messages[0].getSubject());
      assertTrue(messages[0].getContent().toString().contains("second line"));
      long uid = ((UIDFolder) inbox).getUID(messages[0]);
      assertEquals(mail.inboxEntries(address("jakarta")).get(0).uid(), uid);
      messages[0].setFlag(Flags.Flag.FLAGGED, true);

      Folder target = store.getFolder("Angus/Sub");
      assertTrue(target.create(Folder.HOLDS_MESSAGES));
      inbox.copyMessages(messages, target);
      MimeMessage composed = new MimeMessage(Session.getInstance(props));
      composed.setSubject("appended by angus");
      composed.setText("appended body");
      target.appendMessages(new Message[] {composed});
      target.open(Folder.READ_ONLY);
      assertEquals(2, target.getMessageCount());
      assertTrue(target.getMessage(1).isSet(Flags.Flag.FLAGGED), "flags travel with a copy");
      assertEquals("appended by angus", target.getMessage(2).getSubject());
      target.close(false);

      messages[0].setFlag(Flags.Flag.DELETED, true);
      inbox.close(true); // expunge
      assertEquals(0, mail.inboxEntries(address("jakarta")).size());
    } finally {
      store.close();
    }
  }

  @Test
  void bodyFetchAnswersTheBytesSmtpStored() throws Exception {
    deliver(nodeA, "bytes", "exact bytes\r\n..leading dot\r\nlast");
    List<MessageEntry> stored = mail.inboxEntries(address("bytes"));
    MessageEntry last = stored.get(stored.size() - 1);
    String expected = mail.content(last.blobId());
    try (RawImap imap = RawImap.login(nodeB.imapPort, address("bytes"), PASSWORD)) {
      imap.command("EXAMINE INBOX");
      List<String> fetched = imap.command("UID FETCH " + last.uid() + " BODY.PEEK[]");
      String line = fetched.get(0);
      String prefix = "* " + stored.size() + " FETCH (UID " + last.uid() + " BODY[] {" + last.size() + "}\r\n";
      assertTrue(line.startsWith(prefix), line);
      assertEquals(expected + ")", line.substring(prefix.length()));
      assertTrue(expected.contains("Received: "), "our trace header is part of the stored bytes");
    }
  }

  @Test
  void aDeliveryThroughOneNodeWakesAnIdleClientOnTheOther() throws Exception {
    try (RawImap imap = RawImap.login(nodeA.imapPort, address("idle"), PASSWORD)) {
      List<String> selected = imap.command("SELECT INBOX");
      long exists = count(selected, "EXISTS");
      imap.send("i1 IDLE");
      assertEquals("+ idling", imap.line());
      // the first delivery may come before the new watch has spread (then the settle check
      // finds it); the second measures the push itself
      deliver(nodeB, "idle", "first");
      List<String> first = imap.until(l -> l.endsWith(" EXISTS"), Duration.ofSeconds(10));
      assertEquals("* " + (exists + 1) + " EXISTS", RawImap.last(first));
      deliver(nodeB, "idle", "wake up");
      long acknowledged = System.nanoTime();
      List<String> pushed = imap.until(l -> l.endsWith(" EXISTS"), Duration.ofSeconds(5));
      long millis = (System.nanoTime() - acknowledged) / 1_000_000;
      System.out.println("IDLE push across nodes: EXISTS " + millis + " ms after the 250");
      assertEquals("* " + (exists + 2) + " EXISTS", RawImap.last(pushed));
      assertTrue(millis < 1000, "EXISTS came " + millis + " ms after the 250");
      imap.send("DONE");
      assertTrue(RawImap.last(imap.until(l -> l.startsWith("i1 "), Duration.ofSeconds(10)))
          .startsWith("i1 OK"));
    }
  }

  @Test
  void aFlagChangeOnOneNodeIsSeenOnTheOtherAtItsNextCommand() throws Exception {
    deliver(nodeA, "flags", "flag me");
    try (RawImap a = RawImap.login(nodeA.imapPort, address("flags"), PASSWORD);
        RawImap b = RawImap.login(nodeB.imapPort, address("flags"), PASSWORD)) {
      a.command("SELECT INBOX");
      b.command("SELECT INBOX");
      a.command("STORE 1 +FLAGS (\\Flagged)");
      List<String> noop = b.command("NOOP");
      assertTrue(noop.stream().anyMatch(l -> l.matches("\\* 1 FETCH \\(UID \\d+ FLAGS \\(\\\\Flagged\\)\\)")),
          noop.toString());
      // and at once while idling
      b.send("i1 IDLE");
      assertEquals("+ idling", b.line());
      a.command("STORE 1 +FLAGS (\\Seen)");
      List<String> pushed = b.until(l -> l.contains("FETCH"), Duration.ofSeconds(5));
      assertTrue(RawImap.last(pushed).contains("\\Seen"), pushed.toString());
      b.send("DONE");
      b.until(l -> l.startsWith("i1 "), Duration.ofSeconds(10));
    }
  }

  @Test
  void qresyncTellsAReconnectingClientWhatChangedMeanwhile() throws Exception {
    for (int i = 1; i <= 3; i++) {
      deliver(nodeA, "qresync", "message " + i);
    }
    long uidValidity;
    long modSeq;
    try (RawImap first = RawImap.login(nodeA.imapPort, address("qresync"), PASSWORD)) {
      first.command("ENABLE QRESYNC");
      List<String> selected = first.command("SELECT INBOX");
      uidValidity = code(selected, "UIDVALIDITY");
      modSeq = code(selected, "HIGHESTMODSEQ");
    }
    try (RawImap other = RawImap.login(nodeB.imapPort, address("qresync"), PASSWORD)) {
      other.command("SELECT INBOX");
      other.command("UID STORE 2 +FLAGS (\\Answered)");
      other.command("UID STORE 1 +FLAGS (\\Deleted)");
      other.command("UID EXPUNGE 1");
    }
    try (RawImap back = RawImap.login(nodeA.imapPort, address("qresync"), PASSWORD)) {
      back.command("ENABLE QRESYNC");
      List<String> resync = back.command("SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + "))");
      assertTrue(resync.contains("* VANISHED (EARLIER) 1"), resync.toString());
      assertTrue(resync.stream().anyMatch(l -> l.matches("\\* 1 FETCH \\(UID 2 FLAGS \\(\\\\Answered\\) MODSEQ \\(\\d+\\)\\)")),
          resync.toString());
      assertTrue(RawImap.last(resync).contains("OK [READ-WRITE]"), resync.toString());
      List<String> changed = back.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + ")");
      assertEquals(2, changed.size(), "only message 2 changed since: " + changed);
    }
  }

  /**
   * Two sessions on two nodes change one folder at the same time: the entity is the single
   * writer, so no uid is given twice, each session sees mod-sequences only grow, no flag is
   * lost, and afterwards both see the same mailbox.
   */
  @Test
  void concurrentSessionsOnTwoNodesEndWithTheSameView() throws Exception {
    deliver(nodeA, "together", "shared");
    int rounds = 15;
    List<String> views = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    for (TestNode node : List.of(nodeA, nodeB)) {
      String name = node == nodeA ? "a" : "b";
      threads.add(new Thread(() -> {
        try (RawImap imap = RawImap.login(node.imapPort, address("together"), PASSWORD)) {
          imap.command("ENABLE CONDSTORE");
          imap.command("SELECT INBOX");
          long lastModSeq = 0;
          for (int i = 0; i < rounds; i++) {
            String text = "Subject: " + name + i + "\r\n\r\nx\r\n";
            imap.send("p" + i + " APPEND INBOX {" + text.length() + "+}\r\n" + text);
            imap.until(l -> l.startsWith("p"), Duration.ofSeconds(30));
            for (String line : imap.command("STORE 1 +FLAGS (" + name + i + ")")) {
              Matcher m = Pattern.compile("MODSEQ \\((\\d+)\\)").matcher(line);
              if (m.find()) {
                long modSeq = Long.parseLong(m.group(1));
                assertTrue(modSeq >= lastModSeq, "MODSEQ went back from " + lastModSeq + " to " + modSeq);
                lastModSeq = modSeq;
              }
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(120_000);
    }
    assertTrue(failures.isEmpty(), failures.toString());
    for (TestNode node : List.of(nodeA, nodeB)) {
      try (RawImap imap = RawImap.login(node.imapPort, address("together"), PASSWORD)) {
        imap.command("ENABLE CONDSTORE");
        imap.command("EXAMINE INBOX");
        views.add(String.join("\n", imap.command("FETCH 1:* (UID FLAGS MODSEQ)")));
      }
    }
    assertEquals(views.get(0), views.get(1), "both nodes show the same mailbox");
    List<MessageEntry> entries = mail.inboxEntries(address("together"));
    assertEquals(1 + 2 * rounds, entries.size(), "every APPEND got its own uid");
    assertEquals(1 + 2 * rounds, entries.stream().map(MessageEntry::uid).distinct().count());
    assertEquals(2 * rounds, entries.get(0).flags().size(), "no keyword lost: " + entries.get(0).flags());
  }

  private static long count(List<String> lines, String what) {
    for (String l : lines) {
      if (l.endsWith(" " + what)) {
        return Long.parseLong(l.split(" ")[1]);
      }
    }
    throw new AssertionError("no " + what + " in " + lines);
  }

  private static long code(List<String> lines, String code) {
    Pattern p = Pattern.compile("\\[" + code + " (\\d+)]");
    for (String l : lines) {
      Matcher m = p.matcher(l);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new AssertionError("no " + code + " in " + lines);
  }

  private static String folderId(String user, String name) throws Exception {
    return StoredMail.await(mail.controlData().folders(address(user))).folder(name).orElseThrow().folderId();
  }

  private static String address(String user) {
    return user + "@" + DOMAIN;
  }

  private static void deliver(TestNode node, String user, String subjectAndBody) throws IOException {
    String subject = subjectAndBody.split("\r\n")[0];
    List<String> replies = RawSmtp.send(node.smtpPort, List.of(address(user)),
        "Subject: " + subject + "\r\n\r\n" + subjectAndBody + "\r\n");
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
  }
}
