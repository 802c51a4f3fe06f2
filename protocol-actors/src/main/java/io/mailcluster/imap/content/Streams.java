package io.mailcluster.imap.content;

import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Byte-stream helpers for sections: cutting a range out of a stream, insisting on a length. */
final class Streams {

  private Streams() {}

  /** Octets {@code [start, start + length)} of what {@code source} yields. */
  static Source<ByteString, NotUsed> slice(Source<ByteString, NotUsed> source, long start, long length) {
    long end = start + length;
    return source
        .statefulMap(
            () -> 0L,
            (position, piece) -> {
              long next = position + piece.size();
              int from = (int) Math.max(0, Math.min(piece.size(), start - position));
              int to = (int) Math.max(0, Math.min(piece.size(), end - position));
              Optional<ByteString> cut = position >= end ? Optional.empty() : Optional.of(piece.slice(from, to));
              return Pair.create(next, cut);
            },
            position -> Optional.empty())
        .takeWhile(Optional::isPresent)
        .map(Optional::get)
        .filter(piece -> !piece.isEmpty());
  }

  /**
   * The source, failing if it yields more or fewer than {@code size} octets: a literal whose
   * header promised {@code size} cannot be finished otherwise.
   */
  static Source<ByteString, NotUsed> exactly(Source<ByteString, NotUsed> source, long size) {
    return source.statefulMap(
        () -> 0L,
        (count, piece) -> {
          long next = count + piece.size();
          if (next > size) {
            throw new IllegalStateException("stored octets exceed the promised " + size);
          }
          return Pair.create(next, piece);
        },
        count -> {
          if (count != size) {
            throw new IllegalStateException("stored octets ended at " + count + " of the promised " + size);
          }
          return Optional.empty();
        });
  }
}
