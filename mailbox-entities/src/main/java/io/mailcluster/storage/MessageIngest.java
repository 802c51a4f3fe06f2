package io.mailcluster.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.mailcluster.blob.BlobRef;
import io.mailcluster.blob.BlobSettings;
import io.mailcluster.blob.BlobStore;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MetadataStore;
import io.mailcluster.mime.MimeSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.UniformFanOutShape;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Broadcast;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Stores an arriving message: its bytes go once through a broadcast to the {@link BlobStore}'s
 * sink and to the {@link MetadataExtractor}'s, and the sink completes only when the blob's
 * manifest and its {@link MetadataStore} row are both durable.
 *
 * <p><b>Failures.</b> The first failure of either side, or of the upstream (a client that
 * aborted), fails the result and aborts the whole upload, so the other side stops too. The
 * metadata row is written only after both sides succeeded, so a failed ingest leaves no row; it
 * may leave blob chunks, or a complete blob when only the extraction failed, which nothing
 * refers to (the same garbage an aborted blob upload leaves). The broadcast does not cancel
 * eagerly: a side that stops early never makes the other side see a normal end, which would
 * store a manifest of half a message.
 *
 * <p><b>Memory</b> per upload: the blob store's chunk-size x write-parallelism, the extractor's
 * pipe (Pekko's input buffer, 16 elements) and window (a few hundred KiB); never the message.
 *
 * <p><b>Threads.</b> Each extraction holds a thread of {@value MetadataExtractor#DISPATCHER} while
 * its message arrives. With more uploads than threads the others queue and are backpressured
 * (their clients slow down), for at most {@code mail-cluster.ingest.extraction-wait}, then they
 * fail with {@link ExtractionWaitExceededException}: see {@link ExtractionGate}. This is the
 * price of one pass: a thread waits on its sender, so slow senders, not the CPU, decide how many
 * messages are ingested at once. Extracting after storage (reading the blob back) would hold a
 * thread only for the parse, at the cost of reading every body twice and a later reply.
 */
public final class MessageIngest {

  private final ActorSystem<?> system;
  private final Supplier<Sink<ByteString, CompletionStage<BlobRef>>> blobSink;
  private final BiFunction<String, MessageMetadata, CompletionStage<Done>> putMetadata;
  private final MetadataExtractor extractor;
  private final Executor blocking;
  private final Duration extractionWait;

  /** Ingest into these stores, with the settings of the system's configuration. */
  public MessageIngest(ActorSystem<?> system, BlobStore blobs, MetadataStore metadata) {
    this(system, blobs::sink, metadata::put, MetadataExtractor.dispatcher(system));
  }

  MessageIngest(ActorSystem<?> system, Supplier<Sink<ByteString, CompletionStage<BlobRef>>> blobSink,
      BiFunction<String, MessageMetadata, CompletionStage<Done>> putMetadata, Executor blocking) {
    Config config = system.settings().config();
    this.system = system;
    this.blobSink = blobSink;
    this.putMetadata = putMetadata;
    this.extractor = new MetadataExtractor(MimeSettings.fromConfig(config));
    this.blocking = blocking;
    this.extractionWait = IngestSettings.fromConfig(config).extractionWait();
  }

  /**
   * Prepares a blob store and a metadata store on the keyspace (schema version 3 or later),
   * configured from the system's settings.
   */
  public static CompletionStage<MessageIngest> create(ActorSystem<?> system, CqlSession session, String keyspace) {
    Config config = system.settings().config();
    String consistency = IngestSettings.fromConfig(config).metadataConsistency();
    return BlobStore.create(session, keyspace, BlobSettings.fromConfig(config))
        .thenCombine(MetadataStore.create(system, session, keyspace, consistency),
            (blobs, metadata) -> new MessageIngest(system, blobs, metadata));
  }

  /** One upload per materialization; completes when blob and metadata are durable. */
  public Sink<ByteString, CompletionStage<IngestedMessage>> sink() {
    return Sink.<ByteString, CompletionStage<IngestedMessage>>fromMaterializer((materializer, attributes) -> {
      Attempt attempt = new Attempt();
      Executor gate = new ExtractionGate(
          blocking, extractionWait, system.scheduler(), system.executionContext(), attempt::fail);
      return Flow.of(ByteString.class)
          .viaMat(KillSwitches.single(), Keep.right())
          .toMat(broadcast(extractor.sink(gate), blobSink.get()), Keep.both())
          .mapMaterializedValue(m -> attempt.start(m.first(), m.second().first(), m.second().second()));
    }).mapMaterializedValue(result -> result.thenCompose(ingested -> ingested));
  }

  /** Both sinks fed the same elements; neither cancels the other (see the class comment). */
  private static Sink<ByteString, Pair<CompletionStage<MessageMetadata>, CompletionStage<BlobRef>>> broadcast(
      Sink<ByteString, CompletionStage<MessageMetadata>> metadata,
      Sink<ByteString, CompletionStage<BlobRef>> blob) {
    return Sink.fromGraph(GraphDSL.create(metadata, blob, Keep.both(), (builder, toMetadata, toBlob) -> {
      UniformFanOutShape<ByteString, ByteString> fanOut = builder.add(Broadcast.create(2, false));
      builder.from(fanOut.out(0)).to(toMetadata);
      builder.from(fanOut.out(1)).to(toBlob);
      return SinkShape.of(fanOut.in());
    }));
  }

  /** One upload's outcome: the first failure wins and aborts the stream. */
  private final class Attempt {

    private final CompletableFuture<IngestedMessage> result = new CompletableFuture<>();
    private UniqueKillSwitch killSwitch;
    private Throwable failure;

    CompletionStage<IngestedMessage> start(UniqueKillSwitch upload, CompletionStage<MessageMetadata> metadata,
        CompletionStage<BlobRef> blob) {
      synchronized (this) {
        killSwitch = upload;
        if (failure != null) {
          upload.abort(failure);
        }
      }
      metadata.whenComplete((m, e) -> fail(e));
      blob.whenComplete((b, e) -> fail(e));
      blob.thenCombine(metadata, Pair::create)
          .thenCompose(both -> store(both.first(), both.second()))
          .whenComplete((ingested, e) -> {
            if (e == null) {
              result.complete(ingested);
            } else {
              fail(e);
            }
          });
      return result;
    }

    /** Records a failure (null is none); the first one fails the result and the upload. */
    synchronized void fail(Throwable cause) {
      if (cause == null || failure != null) {
        return;
      }
      failure = unwrap(cause);
      result.completeExceptionally(failure);
      if (killSwitch != null) {
        killSwitch.abort(failure);
      }
    }
  }

  private CompletionStage<IngestedMessage> store(BlobRef blob, MessageMetadata metadata) {
    if (blob.size() != metadata.size()) {
      // both saw the same broadcast: a difference means a side stopped early without failing
      return CompletableFuture.failedStage(new IllegalStateException(
          "blob " + blob.id() + " has " + blob.size() + " octets, its metadata " + metadata.size()));
    }
    return putMetadata.apply(blob.id(), metadata).thenApply(done -> new IngestedMessage(blob, metadata));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
