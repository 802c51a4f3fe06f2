package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.smtp.transcript.Transcript;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays protocol-actors' SMTP transcripts (the ones {@code TranscriptTest} runs against a
 * fake resolver and store) against one real node and Cassandra, in lock step over a socket.
 *
 * <p>A transcript's {@code # resolve} lines become control data through the admin API: a
 * local address is an account, a local address resolving to one other mailbox an alias, an
 * unknown address an absent account of an existing domain, a relay address one of a domain
 * the node does not have. {@code # expect} is checked against the messages the transcript's
 * mailboxes got in their INBOX during the replay. What the fake fixes and the node cannot
 * (session id, client address, clock) is matched by pattern; the request number in a message
 * id stays exact. A transcript the node cannot stage is skipped with the reason: one that
 * changes settings ({@code # set}; the node runs with the fake's defaults), scripts storage
 * failures ({@code # store}) or a mailbox's usage ({@code # quota}), or needs a resolution an account or alias cannot give (an alias
 * with several targets, over quota, resolver unavailable).
 */
@ExtendWith(CassandraExtension.class)
class TranscriptReplayIT {

  private static final ActorTestKit probes = ActorTestKit.create();

  private static TestNode node;
  private static StoredMail mail;

  @BeforeAll
  static void startNode(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    // the settings protocol-actors' FakeEnvironment gives the transcripts' sessions
    node.start(cassandra.contactPoint(), keyspace, List.of(node), ConfigFactory.parseString(
        String.join("\n",
            "mail-cluster.smtp.hostname = mx.example.test",
            "mail-cluster.smtp.max-command-line-length = 512",
            "mail-cluster.smtp.max-text-line-length = 1000",
            "mail-cluster.smtp.max-message-size = 1000000",
            "mail-cluster.smtp.max-recipients = 100",
            "mail-cluster.smtp.max-errors = 10",
            "mail-cluster.smtp.bare-line-ending = reject")));
    node.awaitReady(probes);
    mail = StoredMail.of(node, keyspace);

    Scene warmup = new Scene();
    warmup.account("warmup@example.test");
    warmup.apply(node.admin());
    // the node sets its blob store up in the background after start: wait until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30),
        Duration.ofMillis(500), () -> {
          List<String> replies = RawSmtp.send(node.smtpPort, List.of("warmup@example.test"),
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

  static List<String> transcripts() throws Exception {
    return Transcript.names(Transcript.SMTP);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void replaysTranscriptAgainstTheNode(String name) throws Exception {
    Transcript transcript = Transcript.load(Transcript.SMTP, name);
    Scene scene = Scene.of(transcript);
    assumeTrue(scene.unstageable == null, () -> name + " not replayed: " + scene.unstageable);
    scene.apply(node.admin());

    Map<String, Set<Long>> before = new LinkedHashMap<>();
    for (String mailbox : scene.accounts) {
      before.put(mailbox, uids(mail.inboxEntries(mailbox)));
    }
    replay(transcript);
    List<Delivered> delivered = deliveredSince(before);
    checkExpectations(transcript, delivered);
  }

  // ---- replay ----

  /** Client items are written as they come; at each S: line the next server line must match. */
  private static void replay(Transcript transcript) throws IOException {
    String name = transcript.name();
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      for (Transcript.Item item : transcript.items()) {
        if (item instanceof Transcript.Client c) {
          try {
            smtp.write(c.bytes().toArray());
          } catch (SocketException closed) {
            // the server closed (after QUIT or 421): what follows is never read, as in-process
          }
        } else if (item instanceof Transcript.Server s) {
          String actual = smtp.readLine();
          assertNotNull(actual, name + " line " + s.lineNo() + ": expected " + s.expected()
              + " but the server closed the connection");
          assertTrue(Pattern.compile(nodeRegex(s)).matcher(actual).matches(),
              name + " line " + s.lineNo() + ": expected " + s.expected() + " got " + actual);
        }
      }
      assertNull(rest(smtp), name + ": the server said more than the transcript");
    }
  }

  /** The server's next line after the client stopped sending; null once it closed. */
  private static String rest(RawSmtp smtp) throws IOException {
    try {
      smtp.finishSending();
      return smtp.readLine();
    } catch (SocketException closed) {
      return null;
    }
  }

  // ---- what the fake environment fixes, as patterns for a real node ----

  /** The fake's transaction ids are T1-n; a node's are token-connection-n. */
  private static final Pattern FAKE_TRANSACTION = Pattern.compile("T1-(\\d+)");
  private static final String FAKE_CLIENT = "192.0.2.10";
  private static final String FAKE_DATE = "Sat, 28 Nov 2026 17:00:00 +0000";
  private static final Pattern FAKE_SPECIFIC = Pattern.compile(
      FAKE_TRANSACTION.pattern() + "|" + Pattern.quote(FAKE_CLIENT) + "|" + Pattern.quote(FAKE_DATE));

  private static String nodeRegex(Transcript.Server line) {
    return line.isRegex()
        ? line.regex().replace("T1-", "[0-9a-z]+-\\d+-")
        : nodeRegex(line.expected());
  }

  /** A regex for {@code literal} as a node writes it: fake-specific values become patterns. */
  static String nodeRegex(String literal) {
    StringBuilder regex = new StringBuilder();
    Matcher m = FAKE_SPECIFIC.matcher(literal);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(literal.substring(at, m.start())));
      if (m.group(1) != null) {
        regex.append("[0-9a-z]+-\\d+-").append(m.group(1)).append("(?!\\d)");
      } else if (m.group().equals(FAKE_CLIENT)) {
        regex.append(Pattern.quote("127.0.0.1"));
      } else {
        regex.append("[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
      }
      at = m.end();
    }
    regex.append(Pattern.quote(literal.substring(at)));
    return regex.toString();
  }

  // ---- expectations ----

  /** One message the node stored during a replay: its bytes and the INBOXes that got it. */
  record Delivered(String content, Set<String> mailboxes) {}

  private static List<Delivered> deliveredSince(Map<String, Set<Long>> before) throws Exception {
    Map<String, Set<String>> mailboxesByBlob = new LinkedHashMap<>();
    for (Map.Entry<String, Set<Long>> inbox : before.entrySet()) {
      for (MessageEntry entry : mail.inboxEntries(inbox.getKey())) {
        if (!inbox.getValue().contains(entry.uid())) {
          mailboxesByBlob.computeIfAbsent(entry.blobId(), b -> new TreeSet<>()).add(inbox.getKey());
        }
      }
    }
    List<Delivered> delivered = new ArrayList<>();
    for (Map.Entry<String, Set<String>> blob : mailboxesByBlob.entrySet()) {
      delivered.add(new Delivered(mail.content(blob.getKey()), blob.getValue()));
    }
    return delivered;
  }

  private static void checkExpectations(Transcript transcript, List<Delivered> delivered) {
    String name = transcript.name();
    for (Transcript.Directive e : transcript.directives("expect")) {
      switch (e.key()) {
        case "stored" -> assertEquals(Integer.parseInt(e.rest()), delivered.size(),
            name + ": stored " + delivered);
        case "content" -> assertTrue(delivered.stream().anyMatch(d -> contains(d, e.rest())),
            name + ": no stored message contains " + e.rest() + " in " + delivered);
        case "no-content" -> assertTrue(delivered.stream().noneMatch(d -> contains(d, e.rest())),
            name + ": a stored message contains " + e.rest());
        case "recipients" -> assertTrue(delivered.stream().anyMatch(
                d -> d.mailboxes().equals(new TreeSet<>(List.of(e.rest().split(" "))))),
            name + ": no stored message for exactly " + e.rest() + " in " + delivered);
        default -> throw new IllegalArgumentException(name + ": expect " + e.key());
      }
    }
  }

  private static boolean contains(Delivered message, String escaped) {
    return Pattern.compile(nodeRegex(Transcript.unescape(escaped))).matcher(message.content()).find();
  }

  private static Set<Long> uids(List<MessageEntry> entries) {
    Set<Long> uids = new HashSet<>();
    entries.forEach(e -> uids.add(e.uid()));
    return uids;
  }

  // ---- staging the resolver's answers as control data ----

  /** The domains, accounts and aliases a transcript's {@code # resolve} lines stand for. */
  static final class Scene {

    final Set<String> domains = new LinkedHashSet<>();
    final Set<String> accounts = new LinkedHashSet<>();
    final Map<String, String> aliases = new LinkedHashMap<>();
    final Set<String> unknown = new LinkedHashSet<>();
    final Set<String> relayDomains = new LinkedHashSet<>();
    /** Why the node cannot play this transcript, or null. */
    String unstageable;

    static Scene of(Transcript transcript) {
      Scene scene = new Scene();
      for (Transcript.Directive d : transcript.directives()) {
        switch (d.verb()) {
          case "set" -> scene.cannot("it sets " + d.key() + " (the node runs with one configuration)");
          case "store" -> scene.cannot("it scripts the store's outcome (" + d.key() + ")");
          case "quota" -> scene.cannot("it gives " + d.key() + " a usage (QuotaIT covers quota on a node)");
          case "resolve" -> scene.resolve(d.key(), d.rest().split(" "));
          default -> { } // expect: checked after the replay
        }
      }
      for (String relay : scene.relayDomains) {
        if (scene.domains.contains(relay)) {
          scene.cannot("domain " + relay + " is both local and foreign");
        }
      }
      return scene;
    }

    private void resolve(String address, String[] how) {
      List<String> targets = List.of(how).subList(1, how.length);
      switch (how[0]) {
        case "local" -> {
          if (targets.isEmpty() || targets.equals(List.of(address))) {
            account(address);
          } else if (targets.size() == 1) {
            account(targets.get(0));
            domains.add(domain(address));
            aliases.put(address, targets.get(0));
          } else {
            cannot(address + " resolves to several mailboxes; an alias has one target");
          }
        }
        case "unknown" -> {
          domains.add(domain(address));
          unknown.add(address);
        }
        case "relay" -> relayDomains.add(domain(address));
        default -> cannot(address + " resolves as " + how[0] + ", which control data cannot stage");
      }
    }

    void account(String address) {
      domains.add(domain(address));
      accounts.add(address);
    }

    private void cannot(String reason) {
      if (unstageable == null) {
        unstageable = reason;
      }
    }

    /** Creates what is missing; what an earlier transcript created is kept (409). */
    void apply(AdminApi api) {
      for (String domain : domains) {
        created(api.post("/api/domains", "{\"name\":\"" + domain + "\"}"));
      }
      for (String account : accounts) {
        created(api.post("/api/accounts", "{\"address\":\"" + account
            + "\",\"password\":\"correct horse battery\",\"quotaBytes\":0}"));
      }
      aliases.forEach((alias, target) -> created(api.post("/api/aliases",
          "{\"alias\":\"" + alias + "\",\"target\":\"" + target + "\"}")));
      for (String address : unknown) {
        assertEquals(404, api.get("/api/accounts/" + address + "/folders").status(),
            address + " must stay unknown, but an earlier transcript made it an account");
      }
      for (String domain : relayDomains) {
        assertEquals(404, api.get("/api/domains/" + domain).status(),
            domain + " must stay foreign, but an earlier transcript made it local");
      }
    }

    private static void created(AdminApi.Reply reply) {
      assertTrue(reply.status() == 201 || reply.status() == 409, reply.status() + " " + reply.raw());
    }

    private static String domain(String address) {
      return address.substring(address.indexOf('@') + 1);
    }
  }
}
