package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.UidRange;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark, not a test (tag "bench"; run with {@code -Pbench}): IMAP on one node against the
 * test Cassandra, over real sockets. Folders are seeded through the Folder entities, not SMTP
 * ({@link FolderSeeder}); then SELECT, EXAMINE, FETCH and SEARCH on a 10,000- and a
 * 100,000-message INBOX are timed, and a mixed command load ({@link ImapLoad}) runs over many
 * sessions. Prints the figures; asserts only that every command was answered OK.
 *
 * <p>Settings: {@code -Dbench.imap.sizes=10000,100000}, {@code -Dbench.imap.sessions=20},
 * {@code -Dbench.imap.session-messages=1000}, {@code -Dbench.imap.warmup=5} and
 * {@code -Dbench.imap.duration=30} (seconds).
 */
@Tag("bench")
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapBenchIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "imapbench.test";
  private static final String PASSWORD = "bench secret 1";
  private static final Duration BIG_COMMAND = Duration.ofSeconds(180);
  private static final int RUNS = 5;

  private static final int[] SIZES = Arrays.stream(
      System.getProperty("bench.imap.sizes", "10000,100000").split(","))
      .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  private static final int SESSIONS = Integer.getInteger("bench.imap.sessions", 20);
  private static final int SESSION_MESSAGES = Integer.getInteger("bench.imap.session-messages", 1000);

  /** Longest wait for the load average to fall below {@link #QUIET_LOAD} before measuring. */
  private static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("bench.imap.settle", 120));
  private static final double QUIET_LOAD = 1.5;

  private static String contactPoint;
  private static String keyspace;
  private static TestNode node;
  private static StoredMail mail;
  private static FolderSeeder seeder;

  @BeforeAll
  static void startAndSeed(CassandraEndpoint cassandra) throws Exception {
    contactPoint = cassandra.contactPoint();
    keyspace = TestKeyspace.create(cassandra);
    startNode();
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    List<String> users = new ArrayList<>(List.of("template"));
    Arrays.stream(SIZES).forEach(size -> users.add("big" + size));
    for (int i = 1; i <= SESSIONS; i++) {
      users.add("load" + i);
    }
    for (String user : users) {
      AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + address(user)
          + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}");
      assertEquals(201, created.status(), created.raw());
    }
    mail = StoredMail.of(node, keyspace);
    // storage services come up in the background after start: wait until SMTP delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      deliverTemplate();
      return null;
    });
    MessageEntry template = mail.inboxEntries(address("template")).get(0);
    assertTrue(mail.metadata(template.blobId()).isPresent(), "the template has its metadata row");
    seeder = new FolderSeeder(node.system(), template);
    System.out.printf("%n== IMAP bench: %s%n   template message %s, %d octets; seeding in batches of %d%n",
        machine(), template.blobId(), template.size(), seeder.batchSize());
    for (int size : SIZES) {
      seed("big" + size, size);
    }
    long start = System.nanoTime();
    for (int i = 1; i <= SESSIONS; i++) {
      seeder.seed(mail.inbox(address("load" + i)), SESSION_MESSAGES);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("   seeded %d INBOXes of %,d in %.1f s (%,.0f appends/s)%n", SESSIONS,
        SESSION_MESSAGES, seconds, SESSIONS * SESSION_MESSAGES / seconds);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  @Order(1)
  void largeFolders() throws Exception {
    settle();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (int size : SIZES) {
      for (Map.Entry<String, String> cell : measureFolder(size).entrySet()) {
        rows.computeIfAbsent(cell.getKey(), k -> new ArrayList<>()).add(cell.getValue());
      }
    }
    StringBuilder table = new StringBuilder(String.format("%n== IMAP on one large INBOX, ms "
        + "(%s)%n   %-44s", machine(), "command"));
    Arrays.stream(SIZES).forEach(size -> table.append(String.format(" %14s", String.format("%,d msgs", size))));
    rows.forEach((command, cells) -> {
      table.append(String.format("%n   %-44s", command));
      cells.forEach(cell -> table.append(String.format(" %14s", cell)));
    });
    System.out.println(table);
  }

  /** The first SELECT of each large INBOX on a restarted node: the Folder recovers first. */
  @Test
  @Order(2)
  void selectAfterRestart() throws Exception {
    long start = System.nanoTime();
    node.close();
    startNode();
    mail = StoredMail.of(node, keyspace); // the old one read through the stopped node
    System.out.printf("%n== node restarted in %.1f s%n", (System.nanoTime() - start) / 1e9);
    settle();
    StringBuilder table = new StringBuilder(String.format(
        "   first SELECT after the restart, ms (folder recovered from Cassandra first; %s)", machine()));
    for (int size : SIZES) {
      try (RawImap imap = RawImap.login(node.imapPort, address("big" + size), PASSWORD, true)) {
        long[] select = timed(imap, "SELECT INBOX", 2, size);
        table.append(String.format("%n   %,9d msgs: first %s, then %s", size, ms(select[0]), ms(select[1])));
      }
    }
    System.out.println(table);
  }

  @Test
  @Order(3)
  void mixedLoad() throws Exception {
    settle();
    Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.imap.warmup", 5));
    Duration measured = Duration.ofSeconds(Integer.getInteger("bench.imap.duration", 30));
    List<String> addresses = new ArrayList<>();
    for (int i = 1; i <= SESSIONS; i++) {
      addresses.add(address("load" + i));
    }
    String before = machine();
    ImapLoad.Result result = new ImapLoad(node.imapPort, PASSWORD, SESSION_MESSAGES)
        .run(addresses, warmUp, measured);
    System.out.printf("%n== IMAP mixed load: %d sessions, one account and a %,d-message INBOX each,"
            + " %d s warm-up, %d s measured%n   before: %s; after: %s%n   mix: %s%n%s"
            + "   %,d commands answered OK in %d s: %,.0f commands/s; failures %d%n",
        SESSIONS, SESSION_MESSAGES, warmUp.toSeconds(), measured.toSeconds(), before, machine(),
        ImapLoad.describeMix(), result.latencies().table(result.seconds()),
        result.latencies().count(), measured.toSeconds(),
        result.latencies().count() / result.seconds(), result.failures());
    result.errors().forEach(e -> System.out.println("   ERROR " + e));
    assertEquals(List.of(), result.errors(), "every command answered OK, every session ended");
  }

  /** Times the single-session commands on the INBOX of {@code big<size>}; cells by command. */
  private static Map<String, String> measureFolder(int size) throws Exception {
    Map<String, String> cells = new LinkedHashMap<>();
    try (RawImap imap = RawImap.login(node.imapPort, address("big" + size), PASSWORD, true)) {
      long[] select = timed(imap, "SELECT INBOX", 1 + RUNS, size);
      cells.put("SELECT (first after seeding)", ms(select[0]));
      cells.put("SELECT (again, median of 5)", ms(median(select, 1)));
      long[] examine = timed(imap, "EXAMINE INBOX", 1 + RUNS, size);
      cells.put("EXAMINE (first)", ms(examine[0]));
      cells.put("EXAMINE (again, median of 5)", ms(median(examine, 1)));
      imap.command("SELECT INBOX", BIG_COMMAND);
      long[] envelope = timed(imap, "FETCH 1:1000 (ENVELOPE)", RUNS, 1000);
      cells.put("FETCH 1:1000 (ENVELOPE) (first)", ms(envelope[0]));
      cells.put("FETCH 1:1000 (ENVELOPE) (median of 5)", ms(median(envelope, 0)));
      cells.put("FETCH 1:* (FLAGS) (once)", ms(timed(imap, "FETCH 1:* (FLAGS)", 1, size)[0]));
      cells.put("UID SEARCH UNSEEN (once)", ms(search(imap, size)));
    }
    cells.put("index only: all entries, fetch-batch per ask", ms(indexRead(size)));
    return cells;
  }

  /**
   * For comparison with FETCH 1:* (FLAGS): the Folder entity's part alone, reading every entry
   * {@code mail-cluster.imap.fetch-batch} uids an ask, one ask at a time, as FETCH does.
   */
  private static long indexRead(int size) throws Exception {
    int batch = node.system().settings().config().getInt("mail-cluster.imap.fetch-batch");
    FolderService folders = new FolderService(node.system());
    String folderId = mail.inbox(address("big" + size));
    long start = System.nanoTime();
    int read = 0;
    for (long first = 1; first <= size; first += batch) {
      List<UidRange> uids = new ArrayList<>();
      for (long uid = first; uid < first + batch && uid <= size; uid++) {
        uids.add(UidRange.of(uid));
      }
      read += StoredMail.await(folders.entries(folderId, uids)).size();
    }
    long took = System.nanoTime() - start;
    assertEquals(size, read, "entries read");
    return took;
  }

  /**
   * Runs {@code command} {@code runs} times, checking its OK and its {@code lines} messages
   * (EXISTS, or untagged FETCH lines); answers each run's time.
   */
  private static long[] timed(RawImap imap, String command, int runs, int lines)
      throws IOException {
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      List<String> reply = imap.command(command, BIG_COMMAND);
      nanos[i] = System.nanoTime() - start;
      assertTrue(RawImap.last(reply).split(" ", 3)[1].equals("OK"), command + ": " + RawImap.last(reply));
      long counted = command.contains("FETCH")
          ? reply.stream().filter(l -> l.startsWith("* ") && l.contains(" FETCH (")).count()
          : ImapLoad.exists(reply, -1);
      assertEquals(lines, counted, command + ": messages answered");
    }
    return nanos;
  }

  private static long search(RawImap imap, int size) throws IOException {
    long start = System.nanoTime();
    List<String> reply = imap.command("UID SEARCH UNSEEN", BIG_COMMAND);
    long took = System.nanoTime() - start;
    assertTrue(RawImap.last(reply).split(" ", 3)[1].equals("OK"), RawImap.last(reply));
    String found = reply.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow();
    assertEquals(size, found.trim().split(" ").length - 2, "every seeded message is unseen");
    return took;
  }

  /** The median of {@code nanos} from index {@code from} on. */
  private static long median(long[] nanos, int from) {
    long[] sorted = Arrays.copyOfRange(nanos, from, nanos.length);
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String ms(long nanos) {
    return String.format("%,.1f", nanos / 1e6);
  }

  private static void startNode() {
    node = TestNode.withFreePorts();
    node.start(contactPoint, keyspace, List.of(node));
    node.awaitReady(probes);
  }

  /** Waits, up to {@link #SETTLE}, for a quiet machine; measures anyway after that, and says so. */
  private static void settle() {
    long start = System.nanoTime();
    try {
      probes.createTestProbe().awaitAssert(SETTLE, Duration.ofSeconds(2), () -> {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        assertTrue(load < QUIET_LOAD, "load average " + load);
        return null;
      });
      System.out.printf("%n   (waited %.0f s for load < %.1f)%n", (System.nanoTime() - start) / 1e9, QUIET_LOAD);
    } catch (AssertionError e) {
      System.out.printf("%n   (machine not quiet after %d s: %s; measuring anyway)%n",
          SETTLE.toSeconds(), machine());
    }
  }

  private static void seed(String user, int size) throws Exception {
    long start = System.nanoTime();
    seeder.seed(mail.inbox(address(user)), size);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("   seeded %s's INBOX with %,d in %.1f s (%,.0f appends/s)%n",
        user, size, seconds, size / seconds);
  }

  private static void deliverTemplate() throws IOException {
    List<String> replies = RawSmtp.send(node.smtpPort, List.of(address("template")), String.join(
        "\r\n", "From: Alice Example <alice@remote.test>", "To: template@" + DOMAIN,
        "Subject: the one message every seeded entry points at",
        "Date: Sat, 28 Nov 2026 10:00:00 +0000", "Message-ID: <template@remote.test>",
        "Content-Type: text/plain; charset=utf-8", "",
        "A few lines of body, so that BODY[] has something to send.",
        "Second line of the body.", ""));
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
  }

  private static String machine() {
    return BenchMachine.describe();
  }

  private static String address(String user) {
    return user + "@" + DOMAIN;
  }
}
