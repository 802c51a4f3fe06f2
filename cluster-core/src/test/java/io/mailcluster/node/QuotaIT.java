package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quotas on one node against the real Cassandra, with raw SMTP and IMAP sockets and Python's
 * imaplib: an account of 2,000 octets takes a first message (250), refuses the next at the end
 * of DATA (552 5.2.2), refuses at RCPT once full or when SIZE= would not fit, refuses IMAP
 * APPEND (NO [OVERQUOTA], the synchronizing literal never asked for) and COPY; after an
 * EXPUNGE mail is delivered again; quota 0 (at creation or set through the admin API) is
 * unlimited.
 */
@ExtendWith(CassandraExtension.class)
class QuotaIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "quota.test";
  private static final String PASSWORD = "quota secret 1";
  private static final long LIMIT = 2000;
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

  private static TestNode node;
  private static StoredMail mail;

  @BeforeAll
  static void startNode(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(cassandra.contactPoint(), keyspace, List.of(node));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    account("ann", LIMIT);
    account("una", 0);
    account("timed", 1_000_000);
    account("free", 0);
    mail = StoredMail.of(node, keyspace);
    // the node sets its blob store up in the background after start: wait until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      List<String> replies = RawSmtp.send(node.smtpPort, List.of(address("free")),
          "Subject: warm-up\r\n\r\nhello\r\n");
      assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
      return null;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  private static void account(String user, long quotaBytes) {
    AdminApi.Reply created = node.admin().post("/api/accounts", "{\"address\":\"" + address(user)
        + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":" + quotaBytes + "}");
    assertEquals(201, created.status(), created.raw());
  }

  private static String address(String user) {
    return user + "@" + DOMAIN;
  }

  /** A message body of about {@code octets} octets (the node adds its trace headers). */
  private static String body(String subject, int octets) {
    StringBuilder b = new StringBuilder("Subject: " + subject + "\r\n\r\n");
    while (b.length() < octets) {
      b.append("x".repeat(78)).append("\r\n");
    }
    return b.toString();
  }

  private static long inboxSize(String user) throws Exception {
    return mail.status(mail.inbox(address(user))).totalSize();
  }

  @Test
  void smtpAndImapStopAtTheQuotaAndGoOnAfterAnExpunge() throws Exception {
    // 1. the first message fits: 250
    List<String> first = RawSmtp.send(node.smtpPort, List.of(address("ann")), body("first", 1000));
    assertTrue(RawSmtp.last(first).startsWith("250 "), first.toString());
    long afterFirst = inboxSize("ann");
    assertTrue(afterFirst > 1000 && afterFirst < LIMIT, "used " + afterFirst);

    // 2. without SIZE= the RCPT is taken; the message turns out too big: 552 5.2.2, nothing kept
    List<String> second = RawSmtp.send(node.smtpPort, List.of(address("ann")), body("second", 1000));
    assertTrue(RawSmtp.last(second).startsWith("552 5.2.2 "), second.toString());
    assertEquals(1, mail.inboxEntries(address("ann")).size());

    // 3. SIZE= that would not fit: 552 5.2.2 at RCPT
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test> SIZE=" + (LIMIT - afterFirst + 1), "250");
      smtp.write("RCPT TO:<" + address("ann") + ">\r\n");
      assertEquals("552 5.2.2 <" + address("ann") + ">: mailbox full", smtp.read());
      smtp.quit();
    }

    // 4. with a second recipient that has room the message goes to both: ann goes over
    List<String> shared = RawSmtp.send(node.smtpPort, List.of(address("ann"), address("una")),
        body("shared", 1000));
    assertTrue(RawSmtp.last(shared).startsWith("250 "), shared.toString());
    assertEquals(2, mail.inboxEntries(address("ann")).size());
    assertTrue(inboxSize("ann") > LIMIT, "used " + inboxSize("ann"));

    // 5. over quota: 552 5.2.2 at RCPT even without SIZE=, the other recipient still accepted
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test>", "250");
      smtp.write("RCPT TO:<" + address("ann") + ">\r\n");
      assertEquals("552 5.2.2 <" + address("ann") + ">: mailbox full", smtp.read());
      smtp.command("RCPT TO:<" + address("una") + ">", "250");
      smtp.command("RSET", "250");
      smtp.quit();
    }

    // 6. IMAP APPEND with a synchronizing literal: NO [OVERQUOTA] instead of "+"
    try (RawImap imap = RawImap.login(node.imapPort, address("ann"), PASSWORD)) {
      imap.send("q1 APPEND INBOX {20}");
      String answer = imap.line();
      assertTrue(answer.startsWith("q1 NO [OVERQUOTA] "), answer);
      List<String> after = imap.command("NOOP"); // the session goes on: nothing was read as literal
      assertTrue(RawImap.last(after).contains(" OK "), after.toString());
    }

    // 7. a real client: imaplib's APPEND and COPY get NO [OVERQUOTA]; it expunges the INBOX
    String script = String.join("\n",
        "import imaplib, sys",
        "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=30)",
        "m.login(sys.argv[2], sys.argv[3])",
        "print('APPEND', m.append('Drafts', None, None, b'Subject: draft\\r\\n\\r\\nhello\\r\\n'))",
        "typ, data = m.select('INBOX'); assert typ == 'OK', data",
        "print('COPY', m.copy('1', 'Archive'))",
        "typ, data = m.store('1:*', '+FLAGS', '(\\\\Deleted)'); assert typ == 'OK', data",
        "print('EXPUNGE', m.expunge())",
        "print('APPEND2', m.append('Drafts', None, None, b'Subject: draft\\r\\n\\r\\nhello\\r\\n'))",
        "m.logout()");
    ClientProcess.Run run = ClientProcess.run(CLIENT_TIMEOUT, List.of("python3", "-c", script,
        String.valueOf(node.imapPort), address("ann"), PASSWORD));
    String out = run.output();
    assertEquals(0, run.exitCode(), out);
    assertTrue(out.contains("APPEND ('NO', [b\"[OVERQUOTA] APPEND would exceed the account's quota\"])"), out);
    assertTrue(out.contains("COPY ('NO', [b\"[OVERQUOTA] COPY would exceed the account's quota\"])"), out);
    assertTrue(out.contains("EXPUNGE ('OK'"), out);
    assertTrue(out.contains("APPEND2 ('OK'"), out);
    assertEquals(0, mail.inboxEntries(address("ann")).size());

    // 8. room again: SMTP delivers
    List<String> again = RawSmtp.send(node.smtpPort, List.of(address("ann")), body("again", 1000));
    assertTrue(RawSmtp.last(again).startsWith("250 "), again.toString());
    assertEquals(1, mail.inboxEntries(address("ann")).size());

    // 9. the admin sets the quota to 0: unlimited from the next delivery on
    AdminApi.Reply unlimited = node.admin().put("/api/accounts/" + address("ann") + "/quota",
        "{\"bytes\":0}");
    assertEquals(204, unlimited.status(), unlimited.raw());
    List<String> big = RawSmtp.send(node.smtpPort, List.of(address("ann")), body("big", 5000));
    assertTrue(RawSmtp.last(big).startsWith("250 "), big.toString());
    assertTrue(inboxSize("ann") > 2 * LIMIT, "used " + inboxSize("ann"));
  }

  @Test
  void quotaZeroIsUnlimited() throws Exception {
    for (int i = 0; i < 3; i++) {
      List<String> big = RawSmtp.send(node.smtpPort, List.of(address("free")), body("big " + i, 20_000));
      assertTrue(RawSmtp.last(big).startsWith("250 "), big.toString());
    }
    assertTrue(inboxSize("free") > 60_000, "used " + inboxSize("free"));
    try (RawImap imap = RawImap.login(node.imapPort, address("free"), PASSWORD)) {
      List<String> appended = imap.append("INBOX", "", body("appended", 3000));
      assertTrue(RawImap.last(appended).contains(" OK "), appended.toString());
    }
  }

  /**
   * Not a benchmark (nothing timed is asserted): prints the median delivery time to an account
   * with a quota (its usage asked from every folder) and to an unlimited one, for the record.
   */
  @Test
  void printsWhatTheQuotaCheckCostsPerDelivery() throws Exception {
    int rounds = 30;
    List<Long> limited = new ArrayList<>();
    List<Long> unlimited = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      limited.add(timedDelivery("timed", i));
      unlimited.add(timedDelivery("free", i));
    }
    System.out.println("QuotaIT: median SMTP transaction (connect to 250) over " + rounds
        + " deliveries: with quota " + median(limited) + " us, unlimited " + median(unlimited)
        + " us");
  }

  private static long timedDelivery(String user, int i) throws IOException {
    long start = System.nanoTime();
    List<String> replies = RawSmtp.send(node.smtpPort, List.of(address(user)), body("timed " + i, 500));
    long micros = (System.nanoTime() - start) / 1000;
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
    return micros;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
