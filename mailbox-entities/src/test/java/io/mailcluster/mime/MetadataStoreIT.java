package io.mailcluster.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.testing.MigratedKeyspace;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The metadata rows against a real Cassandra: round trip, idempotent writes, format versions. */
@ExtendWith(CassandraExtension.class)
class MetadataStoreIT {

  private static final String KEYSPACE = "mc_metadata_it";
  private static final ActorTestKit testKit = ActorTestKit.create("MetadataStoreIT", ConfigFactory.load());
  private static CqlSession session;
  private static MetadataStore store;

  @BeforeAll
  static void createStore() throws Exception {
    CassandraEndpoint cassandra = CassandraExtension.endpoint();
    session = MigratedKeyspace.open(cassandra, KEYSPACE);
    store = await(MetadataStore.create(testKit.system(), session, KEYSPACE, "LOCAL_QUORUM"));
  }

  @AfterAll
  static void close() {
    session.close();
    testKit.shutdownTestKit();
  }

  static Stream<String> fixtures() {
    return MetadataSerializationTest.fixtures();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void metadataReadsBackEqual(String fixture) throws Exception {
    MessageMetadata metadata = Fixtures.extract(fixture);
    String blobId = "fixture-" + fixture;
    await(store.put(blobId, metadata));
    assertEquals(Optional.of(metadata), await(store.get(blobId)));
  }

  @Test
  void writingTheSameRowTwiceKeepsOneRow() throws Exception {
    MessageMetadata metadata = Fixtures.extract("mixed-attachment.eml");
    await(store.put("twice", metadata));
    await(store.put("twice", metadata));
    assertEquals(1L, session.execute(
        "SELECT count(*) FROM " + KEYSPACE + ".message_metadata WHERE blob_id = 'twice'").one().getLong(0));
    assertEquals(Optional.of(metadata), await(store.get("twice")));
  }

  @Test
  void anUnknownBlobHasNoMetadata() throws Exception {
    assertEquals(Optional.empty(), await(store.get("0".repeat(64))));
  }

  @Test
  void rowsOfAnotherFormatVersionAreNotRead() throws Exception {
    // written by a newer node during a rolling upgrade: this node recomputes rather than misreads
    session.execute("INSERT INTO " + KEYSPACE + ".message_metadata"
            + " (blob_id, format_version, ser_id, ser_manifest, metadata) VALUES (?, ?, ?, ?, ?)",
        "newer", MetadataStore.FORMAT_VERSION + 1, 33, "some.future.Format", ByteBuffer.wrap(new byte[] {1}));
    assertEquals(Optional.empty(), await(store.get("newer")));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
