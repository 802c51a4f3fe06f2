package io.mailcluster.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.mailbox.Folder.FlagsChanged;
import io.mailcluster.mailbox.Folder.FolderCreated;
import io.mailcluster.mailbox.Folder.FolderDeleted;
import io.mailcluster.mailbox.Folder.MessageAppended;
import io.mailcluster.mailbox.Folder.MessagesExpunged;
import io.mailcluster.testing.LogCapturing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * Events and snapshots live forever: the bytes written by the first version of the Folder
 * (folder-journal-v1.txt: manifest and CBOR hex per line) must still read back as the same values.
 * A change that breaks this needs a migration, not a new fixture. To record a fixture for a new
 * version, run with {@code -Dfolder.journal.fixture=/path/to/file}.
 */
@ExtendWith(LogCapturing.class)
class FolderJournalFormatTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("FolderJournalFormatTest", ConfigFactory.load());

  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** One of each event, and a snapshot, as the first version wrote them. */
  private static List<Object> samples() {
    TreeSet<String> seen = new TreeSet<>(List.of(Flags.SEEN, "$Work"));
    MessageAppended appended =
        new MessageAppended(1, "sha256:ab12", 1234, AT, seen, 2, "smtp:q1:alice@example.com");
    FolderCreated created = new FolderCreated("alice@example.com", "INBOX", 1_764_324_000L, AT);
    Folder.Active snapshot = Folder.Active.created("f-1", created)
        .appended(appended, 10)
        .appended(new MessageAppended(2, "sha256:cd34", 10, AT, null, 3, "k2"), 10);
    return List.of(
        created,
        appended,
        new FlagsChanged(List.of(1L, 2L), FlagMode.REMOVE, new TreeSet<>(List.of(Flags.SEEN)), 4),
        new MessagesExpunged(List.of(2L), 5),
        new FolderDeleted(AT),
        snapshot);
  }

  @Test
  void eventsAndSnapshotsUseJacksonCbor() {
    for (Object sample : samples()) {
      assertInstanceOf(JacksonCborSerializer.class, serialization.findSerializerFor(sample));
    }
  }

  @Test
  void firstVersionStillReads() throws IOException {
    String fixture = System.getProperty("folder.journal.fixture");
    if (fixture != null) {
      record(Path.of(fixture));
    }
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("folder-journal-v1.txt")) {
      assertNotNull(in, "folder-journal-v1.txt is missing");
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    List<Object> samples = samples();
    assertEquals(samples.size(), lines.size());
    Serializer cbor = serialization.serializerFor(FolderCreated.class);
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split(" ", 2);
      Object read = serialization
          .deserialize(HexFormat.of().parseHex(fields[1]), cbor.identifier(), fields[0])
          .get();
      assertEquals(samples.get(i), read, fields[0]);
    }
  }

  private static void record(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Object sample : samples()) {
      Serializer serializer = serialization.findSerializerFor(sample);
      lines.add(Serializers.manifestFor(serializer, sample) + " "
          + HexFormat.of().formatHex(serializer.toBinary(sample)));
    }
    Files.write(file, lines);
  }
}
