package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.FetchAttribute;
import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.FetchItem.SectionKind;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mime.MessageMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The octets of FETCH body sections, streamed from the blob store. Provisional: the whole
 * message, its top-level header and text, with partial ranges.
 */
final class SectionReader {

  /** A fetched item, and for a streamed section the source of its octets. */
  record Part(FetchItem item, Supplier<Source<ByteString, NotUsed>> stream) {}

  private final ImapBackend backend;

  SectionReader(ImapBackend backend) {
    this.backend = backend;
  }

  CompletionStage<Part> read(MessageEntry entry, MessageMetadata meta, FetchAttribute attribute) {
    long size = entry.size();
    long bodyStart = meta == null ? 0 : meta.body().offsets().bodyStart();
    if (attribute instanceof FetchAttribute.Simple s) {
      return switch (s.item()) {
        case RFC822 -> range(entry, SectionKind.RFC822, "", null, 0, size);
        case RFC822_HEADER -> range(entry, SectionKind.RFC822_HEADER, "", null, 0, bodyStart);
        case RFC822_TEXT -> range(entry, SectionKind.RFC822_TEXT, "", null, bodyStart, size - bodyStart);
        default -> throw new IllegalArgumentException("not a section: " + s);
      };
    }
    if (attribute instanceof FetchAttribute.BodySection b && b.section().part().isEmpty()) {
      long from = 0;
      long length = size;
      if (b.section().text() == FetchAttribute.SectionText.HEADER) {
        length = bodyStart;
      } else if (b.section().text() == FetchAttribute.SectionText.TEXT) {
        from = bodyStart;
        length = size - bodyStart;
      }
      Long origin = null;
      if (b.partial().isPresent()) {
        origin = b.partial().get().offset();
        long skip = Math.min(origin, length);
        from += skip;
        length = Math.min(length - skip, b.partial().get().length());
      }
      return range(entry, SectionKind.BODY, b.section().spec(), origin, from, length);
    }
    return CompletableFuture.failedStage(new UnsupportedOperationException("section not supported yet"));
  }

  private CompletionStage<Part> range(MessageEntry entry, SectionKind kind, String spec, Long origin,
      long from, long length) {
    FetchItem.StreamedSection item = new FetchItem.StreamedSection(kind, spec, origin, length);
    return CompletableFuture.completedStage(
        new Part(item, () -> backend.content(entry.blobId(), from, length)));
  }
}
