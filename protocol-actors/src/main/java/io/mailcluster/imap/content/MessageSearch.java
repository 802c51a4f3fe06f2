package io.mailcluster.imap.content;

import io.mailcluster.imap.codec.SearchKey;
import io.mailcluster.mime.MessageMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * SEARCH for one message, reading its octets only when the key needs them (BODY, TEXT), and
 * then only the first max-search-body octets: text beyond them is not searched, so a match
 * that lies only there is missed. Memory per message searched is bounded by that setting.
 */
public final class MessageSearch {

  private final ContentSettings settings;
  private final Materializer materializer;

  public MessageSearch(ContentSettings settings, Materializer materializer) {
    this.settings = settings;
    this.materializer = materializer;
  }

  public CompletionStage<Boolean> matches(SearchKey key, MessageIndex index, MessageMetadata metadata,
      SearchContext context, MessageBytes bytes) {
    if (!SearchEvaluator.needsBody(key)) {
      return CompletableFuture.completedFuture(SearchEvaluator.matches(key, index, metadata, context, null));
    }
    long length = Math.min(metadata.size(), settings.maxSearchBody());
    return bytes.range(0, length)
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
        .thenApply(octets -> SearchEvaluator.matches(key, index, metadata, context, MessageText.of(octets, metadata)));
  }
}
