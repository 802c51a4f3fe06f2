package io.mailcluster.imap.codec;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A SEARCH criterion (RFC 9051 section 6.4.4, RFC 3501 NEW/OLD/RECENT, RFC 7162 MODSEQ) as a
 * tree: several keys side by side are an {@link And}.
 */
public sealed interface SearchKey {

  record All() implements SearchKey {}

  record And(List<SearchKey> keys) implements SearchKey {
    public And {
      keys = List.copyOf(keys);
    }
  }

  record Or(SearchKey left, SearchKey right) implements SearchKey {}

  record Not(SearchKey key) implements SearchKey {}

  /** A system flag (\Seen, \Recent, ...) or keyword that must be set ({@code set}) or not. */
  record Flag(String flag, boolean set) implements SearchKey {}

  /** RECENT and not SEEN (RFC 3501). */
  record New() implements SearchKey {}

  /** Not RECENT (RFC 3501). */
  record Old() implements SearchKey {}

  /** FROM, TO, CC, BCC, SUBJECT and HEADER: field name upper-cased, substring to find. */
  record Header(String field, String value) implements SearchKey {}

  record Body(String value) implements SearchKey {}

  /** Header or body. */
  record Text(String value) implements SearchKey {}

  enum DateField { INTERNAL, SENT }

  enum DateRelation { BEFORE, ON, SINCE }

  record Date(DateField field, DateRelation relation, LocalDate date) implements SearchKey {}

  /** LARGER ({@code larger}) or SMALLER than {@code size} octets. */
  record Size(boolean larger, long size) implements SearchKey {}

  record Uid(SequenceSet set) implements SearchKey {}

  record Sequence(SequenceSet set) implements SearchKey {}

  /** MODSEQ [entry-name entry-type] n: changed at or after n (RFC 7162 section 3.1.5). */
  record ModSeq(Optional<String> entryName, Optional<String> entryType, long modSeq) implements SearchKey {}
}
