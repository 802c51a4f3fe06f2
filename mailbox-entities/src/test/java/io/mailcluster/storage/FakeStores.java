package io.mailcluster.storage;

import io.mailcluster.blob.BlobRef;
import io.mailcluster.mime.MessageMetadata;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/** In-memory stand-ins for the blob store's sink and the metadata store, recording each use. */
final class FakeStores {

  /** Every blob upload's outcome, in the order the uploads started. */
  final List<CompletionStage<BlobRef>> uploads = new CopyOnWriteArrayList<>();

  /** Metadata rows written, by blob id. */
  final Map<String, MessageMetadata> rows = new ConcurrentHashMap<>();

  /** A blob sink that hashes and counts like the real one, without storing anything. */
  Sink<ByteString, CompletionStage<BlobRef>> blobSink() {
    MessageDigest digest = newDigest();
    return Sink.<long[], ByteString>fold(new long[1], (size, bytes) -> {
      digest.update(bytes.toArrayUnsafe());
      size[0] += bytes.size();
      return size;
    }).mapMaterializedValue(done -> {
      CompletionStage<BlobRef> blob = done.thenApply(
          size -> new BlobRef(HexFormat.of().formatHex(digest.digest()), size[0]));
      uploads.add(blob);
      return blob;
    });
  }

  CompletionStage<Done> put(String blobId, MessageMetadata metadata) {
    rows.put(blobId, metadata);
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
