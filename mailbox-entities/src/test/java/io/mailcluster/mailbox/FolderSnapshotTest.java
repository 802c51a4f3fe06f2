package io.mailcluster.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.mailbox.Folder.Active;
import io.mailcluster.mailbox.Folder.FolderCreated;
import io.mailcluster.mailbox.Folder.MessageAppended;
import io.mailcluster.testing.LogCapturing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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
 * The compact snapshot form of a folder: it restores exactly the state it was made from, old
 * (plain {@link Active}) snapshots still load, its bytes are pinned by a fixture, and its size.
 */
@ExtendWith(LogCapturing.class)
class FolderSnapshotTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("FolderSnapshotTest", ConfigFactory.load());

  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A folder with every kind of value a column has to carry. */
  private static Active mixed() {
    FolderCreated created = new FolderCreated("alice@example.com", "INBOX", 1_764_324_000L, AT);
    String hex = FolderSamples.blobId(1);
    return Active.created("f-1", created)
        .appended(new MessageAppended(1, hex, 1234, AT.plusNanos(123_456_789), flags(Flags.SEEN, "$Work"), 2, "k1"), 10)
        .appended(new MessageAppended(2, "sha256:cd34", 10, AT.minusSeconds(86_400 * 400), null, 3, "k2"), 10)
        .appended(new MessageAppended(3, hex.toUpperCase(), 0, Instant.EPOCH, flags("$Work"), 4, "k3"), 10)
        .appended(new MessageAppended(9, hex, 5_000_000_000L, AT, flags(Flags.DRAFT, Flags.DELETED,
            Flags.FLAGGED, Flags.ANSWERED, Flags.SEEN, "$a", "$b"), 5, "k9"), 10)
        .flagsChanged(new Folder.FlagsChanged(List.of(1L), FlagMode.ADD, flags(Flags.FLAGGED), 6))
        .expunged(new Folder.MessagesExpunged(List.of(2L), 7))
        .appended(new MessageAppended(10, "", 1, AT, null, 8, "k10"), 10);
  }

  private static TreeSet<String> flags(String... flags) {
    return new TreeSet<>(List.of(flags));
  }

  private static Object roundTrip(Object value) {
    byte[] bytes = serialization.serialize(value).get();
    Serializer serializer = serialization.findSerializerFor(value);
    return serialization.deserialize(bytes, serializer.identifier(),
        Serializers.manifestFor(serializer, value)).get();
  }

  @Test
  void snapshotRestoresTheStateItWasMadeFrom() {
    Active state = mixed();
    Object stored = FolderSnapshot.ADAPTER.toJournal(state);
    assertInstanceOf(FolderSnapshot.class, stored);
    assertInstanceOf(JacksonCborSerializer.class, serialization.findSerializerFor(stored));
    Active restored = (Active) FolderSnapshot.ADAPTER.fromJournal(roundTrip(stored));
    assertEquals(state, restored);
    assertEquals(state.status(), restored.status());
    // the change log is not stored: a restored folder's log covers from the snapshot on
    assertEquals(state.highestModSeq(), restored.changes().coversFrom());
  }

  /** The plain form (old snapshots, the test kit's checks) leaves the transient change log out. */
  @Test
  void plainFormLeavesTheChangeLogOut() {
    Active state = mixed();
    byte[] bytes = serialization.serialize(state).get();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertTrue(!text.contains("changes"), "the change log was serialized");
    Active back = (Active) roundTrip(state);
    assertEquals(state, back);
    assertEquals(state.highestModSeq(), back.changes().coversFrom());
  }

  @Test
  void sampleFolderRestoresExactly() {
    Active state = FolderSamples.folder(2_000, 500);
    Active restored = (Active) FolderSnapshot.ADAPTER.fromJournal(
        roundTrip(FolderSnapshot.ADAPTER.toJournal(state)));
    assertEquals(state, restored);
    assertEquals(state.status(), restored.status());
    assertEquals(500, restored.appliedKeys().size());
  }

  @Test
  void otherStatesAreStoredAsThemselves() {
    Folder.State deleted = new Folder.Deleted(42);
    assertSame(deleted, FolderSnapshot.ADAPTER.toJournal(deleted));
    assertEquals(deleted, FolderSnapshot.ADAPTER.fromJournal(roundTrip(deleted)));
  }

  /** Snapshots written before FolderSnapshot are plain Active values (folder-journal-v1.txt). */
  @Test
  void oldPlainSnapshotStillLoads() throws IOException {
    String line = fixture("folder-journal-v1.txt").stream()
        .filter(l -> l.startsWith(Active.class.getName() + " "))
        .findFirst().orElseThrow();
    Object old = read(line);
    Folder.State state = FolderSnapshot.ADAPTER.fromJournal(old);
    Active active = assertInstanceOf(Active.class, state);
    assertEquals(2, active.messages().size());
    assertEquals("sha256:ab12", active.messages().get(1).orElseThrow().blobId());
    assertEquals(1, active.unseen());
  }

  /**
   * The compact form's bytes as first written must keep reading back. To record the fixture for
   * a new version: {@code -Dfolder.snapshot.fixture=/path/to/file}.
   */
  @Test
  void firstCompactVersionStillReads() throws IOException {
    Object sample = FolderSnapshot.ADAPTER.toJournal(mixed());
    String fixture = System.getProperty("folder.snapshot.fixture");
    if (fixture != null) {
      Serializer serializer = serialization.findSerializerFor(sample);
      Files.writeString(Path.of(fixture), Serializers.manifestFor(serializer, sample) + " "
          + HexFormat.of().formatHex(serializer.toBinary(sample)) + "\n");
    }
    List<String> lines = fixture("folder-snapshot-v2.txt");
    assertEquals(1, lines.size());
    assertEquals(mixed(), FolderSnapshot.ADAPTER.fromJournal(read(lines.get(0))));
  }

  /** Not a benchmark: the size is deterministic, and its bound is what max-messages rests on. */
  @Test
  void tenThousandMessagesWithAFullKeyWindowStayUnderFiftyBytesEach() {
    Active state = FolderSamples.folder(10_000, 10_000);
    int plain = serialization.serialize(state).get().length;
    int compact = size(state);
    int withoutKeys = size(FolderSamples.folder(10_000, 0));
    int messages = state.messages().size();
    System.out.printf("snapshot of %d messages and %d keys: plain %d bytes, compact %d bytes"
            + " (%.1f a message; the keys take %d)%n",
        messages, state.appliedKeys().size(), plain, compact,
        withoutKeys / (double) messages, compact - withoutKeys);
    assertTrue(compact < plain / 2, () -> "compact " + compact + ", plain " + plain);
    assertTrue(withoutKeys < 50 * messages, () -> "without keys " + withoutKeys);
  }

  private static int size(Active state) {
    return serialization.serialize(FolderSnapshot.ADAPTER.toJournal(state)).get().length;
  }

  private List<String> fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      assertNotNull(in, name + " is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static Object read(String line) throws IOException {
    String[] fields = line.split(" ", 2);
    Serializer cbor = serialization.serializerFor(Active.class);
    return serialization.deserialize(HexFormat.of().parseHex(fields[1]), cbor.identifier(), fields[0])
        .get();
  }
}
