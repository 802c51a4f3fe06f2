package io.mailcluster.imap.codec;

import java.util.List;
import java.util.Optional;

/** One item of a FETCH (RFC 9051 section 6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ). */
public sealed interface FetchAttribute {

  enum Item { FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, UID, MODSEQ,
    RFC822, RFC822_HEADER, RFC822_TEXT }

  /** An item without arguments; BODY here is the non-extensible BODYSTRUCTURE. */
  record Simple(Item item) implements FetchAttribute {}

  enum SectionText { ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

  /**
   * section: part numbers (empty for the whole message) then what of that part;
   * {@code fields} only for HEADER.FIELDS (.NOT), upper-cased.
   */
  record Section(List<Integer> part, SectionText text, List<String> fields) {
    public Section {
      part = List.copyOf(part);
      fields = List.copyOf(fields);
    }

    /** The section as the FETCH response names it, e.g. "1.2.HEADER.FIELDS (FROM TO)". */
    public String spec() {
      StringBuilder out = new StringBuilder(partSpec(part));
      if (text != SectionText.ALL) {
        out.append(out.length() == 0 ? "" : ".").append(text.name().replace('_', '.'));
      }
      if (!fields.isEmpty()) {
        out.append(" (").append(String.join(" ", fields)).append(')');
      }
      return out.toString();
    }
  }

  /** Part numbers as written in a section: "1.2", or "" for the whole message. */
  static String partSpec(List<Integer> part) {
    StringBuilder out = new StringBuilder();
    for (int p : part) {
      out.append(out.length() == 0 ? "" : ".").append(p);
    }
    return out.toString();
  }

  /** "&lt;" offset "." length "&gt;" */
  record Partial(long offset, long length) {}

  /** BODY[section]&lt;partial&gt; or BODY.PEEK[...] (peek: \Seen is not set). */
  record BodySection(boolean peek, Section section, Optional<Partial> partial) implements FetchAttribute {}

  /** BINARY[part]&lt;partial&gt; or BINARY.PEEK[...]: the part with its transfer encoding undone. */
  record Binary(boolean peek, List<Integer> part, Optional<Partial> partial) implements FetchAttribute {}

  /** BINARY.SIZE[part] */
  record BinarySize(List<Integer> part) implements FetchAttribute {}
}
