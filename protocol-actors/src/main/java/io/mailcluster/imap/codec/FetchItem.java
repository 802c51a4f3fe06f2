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

  /** How a section item is named in the response; the RFC822 forms are IMAP4rev1's. */
  enum SectionKind {
    /** BODY[section]&lt;origin&gt;, also the answer to BODY.PEEK. */
    BODY,
    /** BINARY[section]&lt;origin&gt; (RFC 3516, IMAP4rev2): decoded content, may hold NUL, so literal8. */
    BINARY,
    /** RFC822: the whole message, as BODY[]. */
    RFC822,
    /** RFC822.HEADER: as BODY.PEEK[HEADER]. */
    RFC822_HEADER,
    /** RFC822.TEXT: as BODY[TEXT]. */
    RFC822_TEXT
  }

  /**
   * A section whose bytes are at hand, such as a header subset; null content is NIL.
   * {@code section} is the text between the brackets, empty for the RFC822 kinds.
   */
  record Section(SectionKind kind, String section, Long origin, ByteString content) implements FetchItem {
    public Section {
      FetchItemEncoder.checkSection(kind, section, origin);
    }
  }

  /**
   * A section too big to hold: the encoder writes only the literal's header, and the caller
   * streams exactly {@code size} octets from the blob store after it.
   */
  record StreamedSection(SectionKind kind, String section, Long origin, long size) implements FetchItem {
    public StreamedSection {
      FetchItemEncoder.checkSection(kind, section, origin);
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }
  }

  /** BINARY.SIZE[section]: the decoded size of a part (RFC 3516, IMAP4rev2). */
  record BinarySize(String section, long size) implements FetchItem {
    public BinarySize {
      FetchItemEncoder.checkSection(SectionKind.BINARY, section, null);
    }
  }
}
