package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.control.Account.AccountClosed;
import io.mailcluster.control.Account.AccountCreated;
import io.mailcluster.control.Account.AccountRemoved;
import io.mailcluster.control.Account.AliasAttached;
import io.mailcluster.control.Account.AliasDetached;
import io.mailcluster.control.Account.FolderAdded;
import io.mailcluster.control.Account.LoginFailed;
import io.mailcluster.control.Account.LoginSucceeded;
import io.mailcluster.control.Account.PasswordChanged;
import io.mailcluster.control.Account.QuotaChanged;
import io.mailcluster.testing.LogCapturing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Account's events and snapshots live forever: the bytes in each fixture (manifest and CBOR
 * hex per line) must still read back as the same values. account-journal-v2.txt was recorded by
 * the version that added folder trees, account-journal-v3.txt (the login events only) by the one
 * that added login records. A change that breaks this needs a migration, not a new fixture. To
 * record the newest version's fixture, run with {@code -Daccount.journal.fixture=/path/to/file}.
 */
@ExtendWith(LogCapturing.class)
class AccountJournalFormatTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("AccountJournalFormatTest", ConfigFactory.load());

  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
  private static final String HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Each fixture and the values it holds, oldest first; the last is the one recorded. */
  private static final Map<String, List<Object>> FIXTURES = fixtures();

  private static Map<String, List<Object>> fixtures() {
    Map<String, List<Object>> fixtures = new LinkedHashMap<>();
    fixtures.put("account-journal-v2.txt", v2Samples());
    fixtures.put("account-journal-v3.txt", v3Samples());
    return fixtures;
  }

  /** One of each event of version 2, and snapshots of both live states. */
  private static List<Object> v2Samples() {
    FolderAdded inbox = new FolderAdded("INBOX", "5f0c1a52-1d0e-4f6e-9d53-0c7c2b1f8e11", null, true);
    FolderAdded sent = new FolderAdded("Sent", "0b1e7a39-8a5c-4c5e-b2a4-6f3e9d0c1a22", FolderRef.SENT, true);
    Account.Active active = Account.Active.created(new AccountCreated(HASH, 1024, AT))
        .withAlias("info@example.org")
        .withFolder(inbox)
        .withFolder(sent);
    return List.of(
        new AccountCreated(HASH, 1024, AT),
        new PasswordChanged(HASH, AT),
        new QuotaChanged(0),
        new AliasAttached("info@example.org"),
        new AliasDetached("info@example.org"),
        new AccountClosed(AT),
        new AccountRemoved(),
        inbox,
        sent,
        active,
        active.closing(),
        new Account.Closing(new TreeSet<>(List.of("info@example.org"))));
  }

  /** What version 3 added: the login records. */
  private static List<Object> v3Samples() {
    return List.of(
        new LoginSucceeded("imap", "192.0.2.7", AT),
        new LoginFailed("pop3", "2001:db8::1", AT));
  }

  private static List<Object> allSamples() {
    return FIXTURES.values().stream().flatMap(List::stream).toList();
  }

  @Test
  void eventsAndSnapshotsUseJacksonCbor() {
    for (Object sample : allSamples()) {
      assertInstanceOf(JacksonCborSerializer.class, serialization.findSerializerFor(sample));
    }
  }

  @Test
  void recordedVersionStillReads() throws IOException {
    String fixture = System.getProperty("account.journal.fixture");
    if (fixture != null) {
      record(Path.of(fixture));
    }
    for (Map.Entry<String, List<Object>> version : FIXTURES.entrySet()) {
      readsBack(version.getKey(), version.getValue());
    }
  }

  private void readsBack(String name, List<Object> samples) throws IOException {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream(name)) {
      assertNotNull(in, name + " is missing");
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(samples.size(), lines.size(), name);
    Serializer cbor = serialization.serializerFor(AccountCreated.class);
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split(" ", 2);
      Object read = serialization
          .deserialize(HexFormat.of().parseHex(fields[1]), cbor.identifier(), fields[0])
          .get();
      assertEquals(samples.get(i), read, name + ": " + fields[0]);
    }
  }

  /** Writes the newest fixture's values (older fixtures are never rewritten). */
  private static void record(Path file) throws IOException {
    List<Object> newest = List.copyOf(FIXTURES.values()).get(FIXTURES.size() - 1);
    List<String> lines = new ArrayList<>();
    for (Object sample : newest) {
      Serializer serializer = serialization.findSerializerFor(sample);
      lines.add(Serializers.manifestFor(serializer, sample) + " "
          + HexFormat.of().formatHex(serializer.toBinary(sample)));
    }
    Files.write(file, lines);
  }
}
