package io.mailcluster.mime;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * The {@link MessageMetadata} of stored messages, one row per blob id in {@code
 * message_metadata} (schema script 003). Only the driver's async API is used.
 *
 * <p><b>Format.</b> The bytes are written by Pekko's serialization (today the Jackson CBOR
 * serializer bound to {@code CborSerializable}) and stored with the serializer id and manifest,
 * exactly as the journal stores events: the row says how to read itself, a class evolves with
 * Pekko's Jackson migrations like every event, and there is one Jackson configuration to keep
 * stable rather than two. A dedicated mapper would have been independent of the node's Pekko
 * config, but a config change that broke it would break the journal first.
 *
 * <p>{@link #FORMAT_VERSION} is part of the key. Bump it when the meaning of the metadata changes
 * (the extractor computes a field differently): rows of other versions are then invisible to
 * {@link #get} (a reader must then recompute them from the blob: no reader exists yet, IMAP
 * will be the first), and nodes of two versions never overwrite each other's rows during a
 * rolling upgrade.
 */
public final class MetadataStore {

  /** Version of how rows are computed and serialized; see the class comment. */
  public static final int FORMAT_VERSION = 1;

  private final CqlSession session;
  private final Serialization serialization;
  private final ConsistencyLevel consistency;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  private MetadataStore(CqlSession session, Serialization serialization, ConsistencyLevel consistency,
      PreparedStatement insert, PreparedStatement select) {
    this.session = session;
    this.serialization = serialization;
    this.consistency = consistency;
    this.insert = insert;
    this.select = select;
  }

  /**
   * Prepares the statements once; the store is then shared. {@code consistency} is a driver
   * consistency level name such as {@code LOCAL_QUORUM} (the node uses {@code
   * mail-cluster.ingest.metadata-consistency}, see {@code IngestSettings}).
   */
  public static CompletionStage<MetadataStore> create(
      ActorSystem<?> system, CqlSession session, String keyspace, String consistency) {
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    ConsistencyLevel level = DefaultConsistencyLevel.valueOf(consistency);
    return session
        .prepareAsync("INSERT INTO " + keyspace + ".message_metadata"
            + " (blob_id, format_version, ser_id, ser_manifest, metadata) VALUES (?, ?, ?, ?, ?)")
        .thenCompose(insert -> session
            .prepareAsync("SELECT ser_id, ser_manifest, metadata FROM " + keyspace
                + ".message_metadata WHERE blob_id = ? AND format_version = ?")
            .thenApply(select -> new MetadataStore(session, serialization, level, insert, select)));
  }

  /** Stores the blob's metadata; completes once the row is durable. Writing it again is harmless. */
  public CompletionStage<Done> put(String blobId, MessageMetadata metadata) {
    Serializer serializer = serialization.findSerializerFor(metadata);
    byte[] bytes = serializer.toBinary(metadata);
    String manifest = Serializers.manifestFor(serializer, metadata);
    return session
        .executeAsync(insert
            .bind(blobId, FORMAT_VERSION, serializer.identifier(), manifest, ByteBuffer.wrap(bytes))
            .setConsistencyLevel(consistency))
        .thenApply(rs -> Done.getInstance());
  }

  /** The blob's metadata in this {@link #FORMAT_VERSION}, or empty when none is stored. */
  public CompletionStage<Optional<MessageMetadata>> get(String blobId) {
    return session
        .executeAsync(select.bind(blobId, FORMAT_VERSION).setConsistencyLevel(consistency))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(this::decode));
  }

  private MessageMetadata decode(Row row) {
    ByteBuffer data = row.getByteBuffer("metadata");
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    Object value = serialization
        .deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest"))
        .get();
    if (value instanceof MessageMetadata metadata) {
      return metadata;
    }
    throw new IllegalStateException("message_metadata row decoded as " + value.getClass().getName());
  }
}
