package io.mailcluster.imap.content;

import io.mailcluster.imap.codec.FetchAttribute;
import java.util.List;

/**
 * What a FETCH section is made of, decided from the message's metadata alone (see
 * {@link SectionResolver}); {@link SectionFetcher} then reads the octets it names. Offsets are
 * octets of the stored message, {@code from} inclusive, {@code to} exclusive.
 */
public sealed interface SectionPlan {

  /** Octets of the stored message sent as they are: big ones are streamed, never held. */
  record Octets(long from, long to) implements SectionPlan {}

  /**
   * A header read (at most max-header-read octets of it) and filtered: the fields named in
   * {@code fields} (upper case), or all others when {@code exclude}; then the blank line.
   */
  record HeaderSubset(long from, long to, List<String> fields, boolean exclude) implements SectionPlan {
    public HeaderSubset {
      fields = List.copyOf(fields);
    }
  }

  /** A part's body with its content-transfer-encoding undone (BINARY). */
  record Decoded(long from, long to, String encoding) implements SectionPlan {}

  /**
   * A top-level HEADER, HEADER.FIELDS (.NOT) or TEXT of a message whose stored offsets cannot
   * be trusted: the end of the header is found again by reading the message's first octets.
   */
  record Reparse(FetchAttribute.SectionText text, List<String> fields) implements SectionPlan {
    public Reparse {
      fields = List.copyOf(fields);
    }
  }

  /** The empty string: the section names a part that does not exist. */
  record Empty() implements SectionPlan {}

  /** NIL: a BINARY section of a part that does not exist. */
  record Nil() implements SectionPlan {}

  /** BINARY of a part whose content-transfer-encoding we cannot undo: NO [UNKNOWN-CTE]. */
  record UnknownEncoding(String encoding) implements SectionPlan {}
}
