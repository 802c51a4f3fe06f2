package io.mailcluster.imap.codec;

import io.mailcluster.mime.BodyStructure;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** One data item of a FETCH response (RFC 9051 section 7.5.2). */
public sealed interface FetchItem {

  record Uid(long uid) implements FetchItem {}

  record Flags(List<String> flags) implements FetchItem {
    public Flags {
      flags = List.copyOf(flags);
    }
  }

  /** The date the message arrived, in the zone it should be shown in. */
  record InternalDate(OffsetDateTime date) implements FetchItem {}

  record Rfc822Size(long size) implements FetchItem {}

  record ModSeq(long modSeq) implements FetchItem {}

  record Envelope(io.mailcluster.mime.Envelope envelope) implements FetchItem {}

  /** BODYSTRUCTURE when {@code extensible}, else BODY (no extension data). */
  record Structure(BodyStructure body, boolean extensible) implements FetchItem {}

  /**
   * BODY[section]<origin> (or BINARY[section] as a literal8) whose bytes are at hand, such as
   * a header subset; null content is NIL. {@code section} is the text between the brackets.
   */
  record Section(String section, Long origin, ByteString content, boolean binary) implements FetchItem {
    public Section {
      FetchItemEncoder.checkSection(section);
    }
  }

  /**
   * A section too big to hold: the encoder writes only the literal's header, and the caller
   * streams exactly {@code size} octets from the blob store after it.
   */
  record StreamedSection(String section, Long origin, long size, boolean binary) implements FetchItem {
    public StreamedSection {
      FetchItemEncoder.checkSection(section);
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }
  }
}
