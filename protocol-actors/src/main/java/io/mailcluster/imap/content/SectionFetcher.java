package io.mailcluster.imap.content;

import io.mailcluster.imap.codec.FetchAttribute;
import io.mailcluster.imap.codec.FetchAttribute.SectionText;
import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.FetchItem.SectionKind;
import io.mailcluster.mime.MessageMetadata;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Answers one FETCH section item (BODY[...], BINARY[...], BINARY.SIZE[...], RFC822,
 * RFC822.HEADER, RFC822.TEXT) of one message from its metadata and its stored octets.
 *
 * <p>A result of at most inline-section-size octets is read into memory and answered as a
 * {@link FetchItem.Section}; a bigger one as a {@link FetchedSection.Streamed}, whose source
 * reads the range again when the response is written. Header subsets are read (at most
 * max-header-read octets) and filtered in memory.
 *
 * <p>BINARY of a base64 or quoted-printable part bigger than inline-section-size is decoded
 * twice, streaming both times: once to count the decoded octets (the literal8 names its size
 * first), then again while it is sent. BINARY.SIZE decodes once, counting. A partial
 * {@code <origin.length>} applies to the decoded octets for BINARY (RFC 3516); an origin past
 * the end gives the empty string, and the response names the origin alone.
 */
public final class SectionFetcher {

  private final ContentSettings settings;
  private final Materializer materializer;

  public SectionFetcher(ContentSettings settings, Materializer materializer) {
    this.settings = settings;
    this.materializer = materializer;
  }

  /** The FETCH item for {@code attribute}, which must be a section, BINARY or an RFC822 form. */
  public CompletionStage<FetchedSection> fetch(MessageMetadata metadata, FetchAttribute attribute, MessageBytes bytes) {
    if (attribute instanceof FetchAttribute.BodySection body) {
      Request request = new Request(SectionKind.BODY, body.section().spec(), body.partial());
      return body(request, SectionResolver.plan(metadata, body.section()), metadata, bytes);
    }
    if (attribute instanceof FetchAttribute.Binary binary) {
      Request request = new Request(SectionKind.BINARY, FetchAttribute.partSpec(binary.part()), binary.partial());
      return binary(request, SectionResolver.planBinary(metadata, binary.part()), bytes);
    }
    if (attribute instanceof FetchAttribute.BinarySize size) {
      return binarySize(FetchAttribute.partSpec(size.part()), SectionResolver.planBinary(metadata, size.part()), bytes);
    }
    if (attribute instanceof FetchAttribute.Simple simple) {
      SectionText text = rfc822Text(simple.item());
      Request request = new Request(rfc822Kind(simple.item()), "", Optional.empty());
      FetchAttribute.Section section = new FetchAttribute.Section(List.of(), text, List.of());
      return body(request, SectionResolver.plan(metadata, section), metadata, bytes);
    }
    throw new IllegalArgumentException("not a section item: " + attribute);
  }

  /** What the response names: kind, section text, and the partial asked for. */
  private record Request(SectionKind kind, String spec, Optional<FetchAttribute.Partial> partial) {
    Long origin() {
      return partial.map(FetchAttribute.Partial::offset).orElse(null);
    }

    /** [start, end) of the partial within content of {@code size} octets. */
    long start(long size) {
      return Math.min(size, partial.map(FetchAttribute.Partial::offset).orElse(0L));
    }

    long end(long size) {
      long start = start(size);
      long length = partial.map(FetchAttribute.Partial::length).orElse(Long.MAX_VALUE);
      return length > size - start ? size : start + length;
    }

    FetchedSection inline(ByteString content) {
      ByteString cut = content == null ? null : content.slice((int) start(content.size()), (int) end(content.size()));
      return new FetchedSection.Inline(new FetchItem.Section(kind, spec, origin(), cut));
    }
  }

  private CompletionStage<FetchedSection> body(Request request, SectionPlan plan, MessageMetadata metadata,
      MessageBytes bytes) {
    if (plan instanceof SectionPlan.Octets octets) {
      return octets(request, octets.from(), octets.to(), bytes);
    }
    if (plan instanceof SectionPlan.HeaderSubset subset) {
      long end = Math.min(subset.to(), subset.from() + settings.maxHeaderRead());
      return read(bytes, subset.from(), end - subset.from())
          .thenApply(header -> request.inline(HeaderFilter.filter(header, subset.fields(), subset.exclude())));
    }
    if (plan instanceof SectionPlan.Reparse reparse) {
      return reparse(request, reparse, metadata, bytes);
    }
    if (plan instanceof SectionPlan.Empty) {
      return CompletableFuture.completedFuture(request.inline(ByteString.emptyByteString()));
    }
    throw new IllegalStateException("no BODY section from " + plan);
  }

  /** A range of the stored message, partial applied: inline when small, streamed otherwise. */
  private CompletionStage<FetchedSection> octets(Request request, long from, long to, MessageBytes bytes) {
    long size = Math.max(0, to - from);
    long start = from + request.start(size);
    long length = request.end(size) - request.start(size);
    if (length <= settings.inlineSectionSize()) {
      return read(bytes, start, length).thenApply(content -> {
        exactly(content.size(), length);
        return new FetchedSection.Inline(new FetchItem.Section(request.kind(), request.spec(), request.origin(), content));
      });
    }
    FetchItem.StreamedSection section =
        new FetchItem.StreamedSection(request.kind(), request.spec(), request.origin(), length);
    return CompletableFuture.completedFuture(
        new FetchedSection.Streamed(section, () -> Streams.exactly(bytes.range(start, length), length)));
  }

  private CompletionStage<FetchedSection> reparse(Request request, SectionPlan.Reparse plan, MessageMetadata metadata,
      MessageBytes bytes) {
    long window = Math.min(metadata.size(), settings.maxHeaderRead());
    return read(bytes, 0, window).thenCompose(head -> {
      int found = HeaderFilter.headerEnd(head);
      long end;
      if (found >= 0) {
        end = found;
      } else if (window == metadata.size()) {
        end = metadata.size(); // no blank line at all: all header, no text
      } else {
        end = metadata.body().offsets().bodyStart(); // beyond what we read: trust the stored offset
      }
      SectionText text = plan.text();
      if (text == SectionText.TEXT) {
        return octets(request, end, metadata.size(), bytes);
      }
      if (text == SectionText.HEADER) {
        return octets(request, 0, end, bytes);
      }
      ByteString header = head.slice(0, (int) Math.min(end, head.size()));
      return CompletableFuture.completedFuture(
          request.inline(HeaderFilter.filter(header, plan.fields(), text == SectionText.HEADER_FIELDS_NOT)));
    });
  }

  private CompletionStage<FetchedSection> binary(Request request, SectionPlan plan, MessageBytes bytes) {
    if (plan instanceof SectionPlan.Octets octets) {
      return octets(request, octets.from(), octets.to(), bytes);
    }
    if (plan instanceof SectionPlan.Nil) {
      return CompletableFuture.completedFuture(request.inline(null));
    }
    if (plan instanceof SectionPlan.UnknownEncoding unknown) {
      return CompletableFuture.completedFuture(refused(unknown));
    }
    SectionPlan.Decoded decoded = (SectionPlan.Decoded) plan;
    if (TransferDecoder.isIdentity(decoded.encoding())) {
      return octets(request, decoded.from(), decoded.to(), bytes);
    }
    long encodedSize = decoded.to() - decoded.from();
    if (encodedSize <= settings.inlineSectionSize()) {
      return read(bytes, decoded.from(), encodedSize)
          .thenApply(raw -> request.inline(TransferDecoder.forEncoding(decoded.encoding()).decodeAll(raw)));
    }
    return decodedSize(decoded, bytes).thenApply(size -> {
      long start = request.start(size);
      long length = request.end(size) - start;
      FetchItem.StreamedSection section =
          new FetchItem.StreamedSection(request.kind(), request.spec(), request.origin(), length);
      return new FetchedSection.Streamed(section,
          () -> Streams.exactly(Streams.slice(decode(decoded, bytes), start, length), length));
    });
  }

  private CompletionStage<FetchedSection> binarySize(String spec, SectionPlan plan, MessageBytes bytes) {
    if (plan instanceof SectionPlan.UnknownEncoding unknown) {
      return CompletableFuture.completedFuture(refused(unknown));
    }
    CompletionStage<Long> size;
    if (plan instanceof SectionPlan.Octets octets) {
      size = CompletableFuture.completedFuture(octets.to() - octets.from());
    } else if (plan instanceof SectionPlan.Decoded decoded) {
      size = TransferDecoder.isIdentity(decoded.encoding())
          ? CompletableFuture.completedFuture(decoded.to() - decoded.from())
          : decodedSize(decoded, bytes);
    } else {
      size = CompletableFuture.completedFuture(0L); // a part that does not exist
    }
    return size.thenApply(n -> new FetchedSection.Inline(new FetchItem.BinarySize(spec, n)));
  }

  private static FetchedSection refused(SectionPlan.UnknownEncoding unknown) {
    return new FetchedSection.Refused(FetchedSection.UNKNOWN_CTE,
        "cannot decode content-transfer-encoding " + unknown.encoding());
  }

  private Source<ByteString, NotUsed> decode(SectionPlan.Decoded plan, MessageBytes bytes) {
    return bytes.range(plan.from(), plan.to() - plan.from())
        .statefulMap(
            () -> TransferDecoder.forEncoding(plan.encoding()),
            (decoder, piece) -> Pair.create(decoder, decoder.decode(piece)),
            decoder -> Optional.of(decoder.finish()))
        .filter(piece -> !piece.isEmpty());
  }

  private CompletionStage<Long> decodedSize(SectionPlan.Decoded plan, MessageBytes bytes) {
    return decode(plan, bytes).runWith(Sink.fold(0L, (n, piece) -> n + piece.size()), materializer);
  }

  /** Reads a range whole; callers bound its length. */
  private CompletionStage<ByteString> read(MessageBytes bytes, long offset, long length) {
    if (length <= 0) {
      return CompletableFuture.completedFuture(ByteString.emptyByteString());
    }
    return bytes.range(offset, length).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
        .thenApply(ByteString::compact);
  }

  private static void exactly(long got, long expected) {
    if (got != expected) {
      throw new IllegalStateException("stored message gave " + got + " octets where its metadata promised " + expected);
    }
  }

  private static SectionText rfc822Text(FetchAttribute.Item item) {
    if (item == FetchAttribute.Item.RFC822) {
      return SectionText.ALL;
    }
    if (item == FetchAttribute.Item.RFC822_HEADER) {
      return SectionText.HEADER;
    }
    if (item == FetchAttribute.Item.RFC822_TEXT) {
      return SectionText.TEXT;
    }
    throw new IllegalArgumentException("not a section item: " + item);
  }

  private static SectionKind rfc822Kind(FetchAttribute.Item item) {
    if (item == FetchAttribute.Item.RFC822) {
      return SectionKind.RFC822;
    }
    return item == FetchAttribute.Item.RFC822_HEADER ? SectionKind.RFC822_HEADER : SectionKind.RFC822_TEXT;
  }
}
