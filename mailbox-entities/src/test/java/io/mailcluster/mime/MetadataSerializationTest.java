package io.mailcluster.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MessageMetadata is stored with the message, so it must come back equal from CBOR. */
@ExtendWith(LogCapturing.class)
class MetadataSerializationTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("MetadataSerializationTest", ConfigFactory.load());

  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    byte[] bytes = serializer.toBinary(message);
    String manifest = Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  static Stream<String> fixtures() {
    return Stream.of("simple.eml", "alternative.eml", "mixed-attachment.eml", "nested-rfc822.eml",
        "utf8-b-subject.eml", "latin1-q-subject.eml", "group.eml", "missing-date-from.eml",
        "bare-lf.lf.eml", "header-only.eml", "broken-boundary.eml", "inner-never-closed.eml");
  }

  @Test
  void metadataIsWrittenByJacksonCbor() throws Exception {
    assertInstanceOf(JacksonCborSerializer.class, serialization.serializerFor(MessageMetadata.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void metadataComesBackEqualFromCbor(String fixture) {
    MessageMetadata metadata = Fixtures.extract(fixture);
    assertEquals(metadata, roundTrip(metadata));
  }

  @Test
  void truncatedMetadataComesBackEqualFromCbor() {
    MessageMetadata metadata = Fixtures.extract(ExtractorLimitsTest.nested(40));
    assertEquals(metadata, roundTrip(metadata));
  }
}
