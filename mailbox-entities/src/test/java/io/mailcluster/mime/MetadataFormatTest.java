package io.mailcluster.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metadata rows live as long as their messages: the rows in message-metadata-v1.txt (fixture,
 * serializer id, manifest and hex bytes per line), recorded when {@link MetadataStore#FORMAT_VERSION}
 * 1 was introduced, must still read back as what the extractor computes today. If the extractor's
 * output changed on purpose, bump FORMAT_VERSION and record a new file with {@code
 * -Dmetadata.format.fixture=/path/to/message-metadata-vN.txt}; if the classes changed, add a
 * Jackson migration instead.
 */
@ExtendWith(LogCapturing.class)
class MetadataFormatTest {

  private static final ActorTestKit testKit = ActorTestKit.create("MetadataFormatTest", ConfigFactory.load());

  private static final Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());

  private static final List<String> SAMPLES = List.of("simple.eml", "mixed-attachment.eml", "nested-rfc822.eml",
      "utf8-b-subject.eml", "group.eml", "missing-date-from.eml", "inner-never-closed.eml");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void recordedRowsStillReadAsTheCurrentExtraction() throws IOException {
    String fixture = System.getProperty("metadata.format.fixture");
    if (fixture != null) {
      record(Path.of(fixture));
    }
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("message-metadata-v" + MetadataStore.FORMAT_VERSION + ".txt")) {
      assertNotNull(in, "no recorded rows for format version " + MetadataStore.FORMAT_VERSION);
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(SAMPLES.size(), lines.size());
    for (String line : lines) {
      String[] fields = line.split(" ", 4);
      Object read = serialization
          .deserialize(HexFormat.of().parseHex(fields[3]), Integer.parseInt(fields[1]), fields[2])
          .get();
      assertEquals(Fixtures.extract(fields[0]), read, fields[0]);
    }
  }

  private static void record(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String sample : SAMPLES) {
      MessageMetadata metadata = Fixtures.extract(sample);
      Serializer serializer = serialization.findSerializerFor(metadata);
      lines.add(sample + " " + serializer.identifier() + " " + Serializers.manifestFor(serializer, metadata) + " "
          + HexFormat.of().formatHex(serializer.toBinary(metadata)));
    }
    Files.write(file, lines);
  }
}
