package io.mailcluster.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;

/**
 * Computes a message's {@link MessageMetadata} in one streaming pass with mime4j, in bounded
 * memory: bodies are counted, never kept. Malformed MIME never fails the extraction (mail must
 * not be rejected for it); a limit reached or a parser that gives up yields metadata marked
 * truncated. Only a failure of the input stream itself is an error.
 */
public final class MetadataExtractor {

  /** The dispatcher, in reference.conf, that runs extractions fed by {@link #sink}. */
  public static final String DISPATCHER = "mail-cluster.mime-dispatcher";

  private static final int MIN_WINDOW = 256 * 1024;

  private final MimeSettings settings;

  public MetadataExtractor(MimeSettings settings) {
    this.settings = settings;
  }

  /** The executor of {@value #DISPATCHER}. */
  public static Executor dispatcher(ActorSystem<?> system) {
    return system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
  }

  /**
   * A sink that extracts the metadata of the bytes streamed into it, on {@code executor} (a
   * blocking reader, so never an actor-system thread: use {@link #dispatcher}). The bytes cross
   * through a bounded pipe: the sink backpressures when the extractor is slower, and the
   * extractor fails if no bytes arrive within the read timeout. Broadcast the incoming DATA to
   * this sink and to the blob store's.
   */
  public Sink<ByteString, CompletionStage<MessageMetadata>> sink(Executor executor) {
    return StreamConverters.asInputStream(settings.readTimeout())
        .mapMaterializedValue(in -> CompletableFuture.supplyAsync(() -> {
          try (InputStream input = in) {
            return extract(input);
          } catch (IOException failure) {
            throw new UncheckedIOException(failure);
          }
        }, executor));
  }

  /**
   * Reads the message to its end and returns its metadata. Blocking: call it on a dedicated
   * dispatcher. Throws only when reading {@code message} fails.
   */
  public MessageMetadata extract(InputStream message) throws IOException {
    OctetTap tap = new OctetTap(message, Math.max(MIN_WINDOW, 4 * settings.maxHeaderLineLength()));
    StructureHandler handler = new StructureHandler(settings, tap);
    MimeStreamParser parser = new MimeStreamParser(config(), DecodeMonitor.SILENT, null);
    parser.setContentDecoding(false);
    parser.setRecurse();
    parser.setContentHandler(handler);
    boolean failed = false;
    try {
      parser.parse(tap);
    } catch (MimeException | IOException | RuntimeException gaveUp) {
      if (tap.sourceFailure() != null) {
        throw tap.sourceFailure();
      }
      failed = true;
    }
    if (tap.sourceFailure() != null) {
      throw tap.sourceFailure();
    }
    tap.drain();
    long size = tap.count();
    if (failed || handler.rootStructure() == null) {
      handler.closeAll(size);
    }
    StructureHandler.EnvelopeFields fields = handler.rootEnvelope();
    Envelope envelope = fields.toEnvelope();
    return new MessageMetadata(
        envelope,
        handler.rootStructure(),
        handler.topHeaders(),
        handler.headersTruncated(),
        envelope.subject() == null ? null : HeaderText.decodeWords(envelope.subject()),
        fromDisplay(envelope.from(), fields.from),
        size,
        HeaderText.parseDate(fields.date),
        handler.truncated(),
        handler.exact() && handler.cursor() == size);
  }

  private MimeConfig config() {
    return new MimeConfig.Builder()
        .setStrictParsing(false)
        .setMalformedHeaderStartsBody(false)
        .setMaxLineLen(settings.maxHeaderLineLength())
        .setMaxHeaderLen(settings.maxHeaderLineLength())
        .setMaxHeaderCount(-1)
        .setMaxContentLen(-1)
        .build();
  }

  /** The first From mailbox as people read it: its decoded name, else its address. */
  private static String fromDisplay(List<EnvelopeAddress> from, String raw) {
    for (EnvelopeAddress address : from) {
      if (address.isGroupStart() || address.isGroupEnd()) {
        continue;
      }
      if (address.name() != null && !address.name().isBlank()) {
        return HeaderText.decodeWords(address.name());
      }
      return address.host().isEmpty() ? address.mailbox() : address.mailbox() + "@" + address.host();
    }
    return raw == null ? null : HeaderText.decodeWords(HeaderText.unfold(raw).strip());
  }
}
