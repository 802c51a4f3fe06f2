package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.FetchAttribute;
import io.mailcluster.imap.content.FetchedSection;
import io.mailcluster.imap.content.MessageBytes;
import io.mailcluster.imap.content.SectionFetcher;
import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ResponseChunk;
import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mailbox.FlagMode;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.mime.MessageMetadata;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * FETCH and UID FETCH (RFC 9051 section 6.4.5, CHANGEDSINCE from RFC 7162). The answer is a
 * stream: messages are read from the folder {@code fetch-batch} at a time, and big sections
 * are copied from the blob store as the client reads them, so a FETCH 1:* BODY[] of a large
 * folder holds one batch of index entries and one chunk of bytes at a time.
 *
 * <p>Fetching a body part without PEEK sets \Seen first (in a writable mailbox), and the
 * response then carries the new FLAGS.
 */
final class FetchCommand {

  private final ImapSession session;
  private final SectionFetcher sections;

  FetchCommand(ImapSession session, SectionFetcher sections) {
    this.session = session;
    this.sections = sections;
  }

  /** One message's data, ready to encode: the response and the sources of its big sections. */
  private record Fetched(ImapResponse.Fetch response, List<FetchedSection.Streamed> streams) {}

  /** A batch of messages read, or the NO that ends the FETCH. */
  private record Batch(List<Fetched> messages, ImapResponse.Tagged refusal) {}

  /** An item the content layer refused (BINARY of an unknown encoding): the FETCH ends NO. */
  private static final class RefusedItem extends RuntimeException {
    final FetchedSection.Refused refusal;

    RefusedItem(FetchedSection.Refused refusal) {
      super(refusal.text(), null, false, false);
      this.refusal = refusal;
    }
  }

  CompletionStage<SessionReply> run(ImapCommand.Fetch f) {
    SelectedMailbox view = session.selected;
    List<Long> uids = MessageCommands.targets(session, f.uid(), f.set());
    if (uids == null) {
      return MessageCommands.badSet(session, f.tag());
    }
    if (f.vanished() && (!session.qresync || !f.uid() || f.changedSince().isEmpty())) {
      return session.reply(new Responses().bad(f.tag(), null,
          "VANISHED needs UID FETCH, CHANGEDSINCE and ENABLE QRESYNC"));
    }
    if (f.changedSince().isPresent() || f.attributes().contains(new FetchAttribute.Simple(FetchAttribute.Item.MODSEQ))) {
      session.condStore = true;
    }
    boolean setSeen = !view.readOnly && f.attributes().stream().anyMatch(FetchCommand::setsSeen);
    boolean needsMetadata = f.attributes().stream().anyMatch(FetchCommand::needsMetadata);
    List<List<Long>> batches = new ArrayList<>();
    for (int i = 0; i < uids.size(); i += session.settings.fetchBatch()) {
      batches.add(uids.subList(i, Math.min(uids.size(), i + session.settings.fetchBatch())));
    }
    AtomicBoolean refused = new AtomicBoolean();
    // a batch that cannot be read ends the FETCH with NO before any of its bytes; a section
    // whose octets fail half-way fails the connection (its literal cannot be finished)
    Source<ByteString, NotUsed> body = Source.from(batches)
        .mapAsync(1, batch -> load(view, batch, setSeen, needsMetadata, f)
            .handle((messages, failure) -> failure == null ? new Batch(messages, null)
                : new Batch(List.of(), refusal(f.tag(), failure))))
        .takeWhile(batch -> batch.refusal() == null, true)
        .flatMapConcat(batch -> {
          if (batch.refusal() != null) {
            refused.set(true);
            return Source.single(new Responses().add(batch.refusal()).encode(session.encoder));
          }
          return encode(batch.messages());
        });
    Source<ByteString, NotUsed> tail = Source.lazyCompletionStageSource(() -> refused.get()
            ? CompletableFuture.completedStage(Source.<ByteString>empty())
            : session.withUpdates(f.uid(), new Responses().ok(f.tag(), "FETCH completed"))
                .thenApply(SessionReply::output))
        .mapMaterializedValue(m -> NotUsed.getInstance());
    Source<ByteString, NotUsed> all = body.concatLazy(tail);
    if (!f.vanished()) {
      return CompletableFuture.completedStage(new SessionReply(all, false, false));
    }
    // UID FETCH ... (CHANGEDSINCE n VANISHED): first the uids of the set expunged since n
    return vanished(view, f).thenApply(gone -> new SessionReply(gone.isEmpty() ? all
        : Source.single(session.encoder.encode(new ImapResponse.Vanished(true, gone))).concat(all),
        false, false));
  }

  private CompletionStage<String> vanished(SelectedMailbox view, ImapCommand.Fetch f) {
    long since = f.changedSince().getAsLong();
    SequenceSet named = f.set().saved() ? null : f.set();
    return session.backend.changes(view.folderId, since, view.uidNext).thenCompose(changes ->
        changes.expungedKnown()
            ? CompletableFuture.completedStage(VanishedUids.of(changes, null, named, view.uidNext))
            : session.backend.uids(view.folderId)
                .thenApply(uids -> VanishedUids.of(changes, uids, named, view.uidNext)));
  }

  private static ImapResponse.Tagged refusal(String tag, Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof RefusedItem r) {
      return new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, r.refusal.code(), r.refusal.text());
    }
    return Failures.no(tag, failure, Failures.Conflict.CANNOT);
  }

  private CompletionStage<List<Fetched>> load(SelectedMailbox view, List<Long> batch,
      boolean setSeen, boolean needsMetadata, ImapCommand.Fetch f) {
    List<UidRange> ranges = new ArrayList<>();
    for (long uid : batch) {
      ranges.add(UidRange.of(uid));
    }
    CompletionStage<?> seen = setSeen
        ? session.backend.store(view.folderId, new TreeSet<>(batch), FlagMode.ADD,
            new TreeSet<>(List.of("\\Seen")), OptionalLong.empty()).thenAccept(result -> {
              if (result.highestModSeq() == view.highestModSeq + 1) {
                view.highestModSeq = result.highestModSeq(); // only this change: already told
              }
            })
        : CompletableFuture.completedStage(null);
    return seen.thenCompose(x -> session.backend.entries(view.folderId, ranges)).thenCompose(entries -> {
      List<CompletableFuture<Fetched>> each = new ArrayList<>();
      for (MessageEntry entry : entries) {
        if (f.changedSince().isPresent() && entry.modSeq() <= f.changedSince().getAsLong()) {
          continue;
        }
        int seq = view.map.seq(entry.uid());
        if (seq == 0) {
          continue;
        }
        CompletionStage<MessageMetadata> meta = needsMetadata
            ? session.backend.metadata(entry.blobId())
            : CompletableFuture.completedStage(null);
        each.add(meta.thenCompose(m -> message(view, seq, entry, m, setSeen, f)).toCompletableFuture());
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
          .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    });
  }

  private CompletionStage<Fetched> message(SelectedMailbox view, int seq, MessageEntry entry,
      MessageMetadata meta, boolean setSeen, ImapCommand.Fetch f) {
    List<FetchItem> items = new ArrayList<>();
    List<CompletionStage<FetchedSection>> parts = new ArrayList<>();
    MessageBytes bytes = (offset, length) -> session.backend.content(entry.blobId(), offset, length);
    if (f.uid()) {
      items.add(new FetchItem.Uid(entry.uid()));
    }
    FetchItem flags = new FetchItem.Flags(FlagNames.withRecent(entry.flags(),
        !session.rev2 && view.recent.contains(entry.uid())));
    FetchItem modSeq = new FetchItem.ModSeq(entry.modSeq());
    boolean flagsSent = false;
    boolean modSeqSent = false;
    for (FetchAttribute a : f.attributes()) {
      if (a instanceof FetchAttribute.Simple s) {
        switch (s.item()) {
          case UID -> {
            if (!f.uid()) {
              items.add(new FetchItem.Uid(entry.uid()));
            }
          }
          case FLAGS -> {
            items.add(flags);
            flagsSent = true;
          }
          case MODSEQ -> {
            items.add(modSeq);
            modSeqSent = true;
          }
          case INTERNALDATE -> items.add(new FetchItem.InternalDate(entry.internalDate().atOffset(ZoneOffset.UTC)));
          case RFC822_SIZE -> items.add(new FetchItem.Rfc822Size(entry.size()));
          case ENVELOPE -> items.add(new FetchItem.Envelope(meta.envelope()));
          case BODY -> items.add(new FetchItem.Structure(meta.body(), false));
          case BODYSTRUCTURE -> items.add(new FetchItem.Structure(meta.body(), true));
          default -> parts.add(sections.fetch(meta, a, bytes)); // RFC822, RFC822.HEADER, RFC822.TEXT
        }
      } else {
        parts.add(sections.fetch(meta, a, bytes));
      }
    }
    // a body fetch that set \Seen tells the new flags; CHANGEDSINCE implies MODSEQ (RFC 7162)
    if (setSeen && !flagsSent) {
      items.add(flags);
    }
    if (f.changedSince().isPresent() && !modSeqSent) {
      items.add(modSeq);
    }
    CompletableFuture<?>[] all = parts.stream().map(CompletionStage::toCompletableFuture)
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all).thenApply(done -> {
      List<FetchedSection.Streamed> streams = new ArrayList<>();
      for (CompletionStage<FetchedSection> p : parts) {
        FetchedSection part = p.toCompletableFuture().join();
        if (part instanceof FetchedSection.Inline inline) {
          items.add(inline.item());
        } else if (part instanceof FetchedSection.Streamed streamed) {
          items.add(streamed.section());
          streams.add(streamed);
        } else {
          throw new RefusedItem((FetchedSection.Refused) part);
        }
      }
      return new Fetched(new ImapResponse.Fetch(seq, items), streams);
    });
  }

  /**
   * A batch's responses: messages without streamed sections are encoded together into one
   * piece; a message with streamed sections gets its own source.
   */
  private Source<ByteString, NotUsed> encode(List<Fetched> messages) {
    List<Source<ByteString, NotUsed>> pieces = new ArrayList<>();
    ByteStringBuilder inline = new ByteStringBuilder();
    for (Fetched fetched : messages) {
      if (fetched.streams().isEmpty()) {
        inline.append(session.encoder.encode(fetched.response()));
        continue;
      }
      if (inline.length() > 0) {
        pieces.add(Source.single(inline.result()));
        inline = new ByteStringBuilder();
      }
      pieces.add(encode(fetched));
    }
    if (inline.length() > 0) {
      pieces.add(Source.single(inline.result()));
    }
    return Source.from(pieces).flatMapConcat(piece -> piece);
  }

  private Source<ByteString, NotUsed> encode(Fetched fetched) {
    List<Source<ByteString, NotUsed>> pieces = new ArrayList<>();
    for (ResponseChunk chunk : session.encoder.encodeChunks(fetched.response())) {
      if (chunk instanceof ResponseChunk.Bytes b) {
        pieces.add(Source.single(b.bytes()));
      } else {
        FetchItem.StreamedSection wanted = ((ResponseChunk.Stream) chunk).section();
        for (FetchedSection.Streamed p : fetched.streams()) {
          if (p.section() == wanted) {
            pieces.add(p.octets().get());
          }
        }
      }
    }
    return Source.from(pieces).flatMapConcat(s -> s);
  }

  private static boolean setsSeen(FetchAttribute a) {
    if (a instanceof FetchAttribute.BodySection b) {
      return !b.peek();
    }
    if (a instanceof FetchAttribute.Binary b) {
      return !b.peek();
    }
    return a instanceof FetchAttribute.Simple s
        && (s.item() == FetchAttribute.Item.RFC822 || s.item() == FetchAttribute.Item.RFC822_TEXT);
  }

  private static boolean needsMetadata(FetchAttribute a) {
    if (a instanceof FetchAttribute.Simple s) {
      return switch (s.item()) {
        case FLAGS, UID, INTERNALDATE, RFC822_SIZE, MODSEQ -> false;
        default -> true;
      };
    }
    return true;
  }
}
