package io.mailcluster.imap.content;

import io.mailcluster.imap.codec.SearchKey;
import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mime.HeaderField;
import io.mailcluster.mime.MessageMetadata;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * Evaluates a SEARCH key (RFC 9051 section 6.4.4, RFC 3501 NEW/OLD/RECENT, RFC 7162 MODSEQ)
 * for one message. Pure: everything it looks at is passed in.
 *
 * <ul>
 *   <li>Strings match as case-insensitive substrings (Unicode lower case of both sides).
 *   <li>FROM, TO, CC, BCC, SUBJECT and HEADER look at every top-level field of that name, its
 *       value unfolded and RFC 2047 encoded-words decoded. HEADER with an empty string matches
 *       every message that has the field. Only the fields kept at ingest are seen (the
 *       extractor bounds them: mail-cluster.mime.max-header-fields and max-header-bytes).
 *   <li>BODY searches {@link MessageText}; TEXT the header fields and that text.
 *   <li>BEFORE, ON and SINCE compare the calendar day of the internal date in
 *       {@link SearchContext#internalDateZone()}; SENTBEFORE, SENTON and SENTSINCE the day
 *       written in the Date header, in the header's own zone (time and zone disregarded, as
 *       RFC 9051 says). A message without a readable Date matches no SENT* key.
 *   <li>Flags and keywords compare without regard to case; \Recent is the session's view.
 * </ul>
 */
public final class SearchEvaluator {

  private static final Pattern DATE = Pattern.compile("(\\d{1,2})\\s+([A-Za-z]{3})[A-Za-z]*\\s+(\\d{2,4})");
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

  private SearchEvaluator() {}

  /** Whether evaluating {@code key} needs the message's text (BODY or TEXT anywhere in it). */
  public static boolean needsBody(SearchKey key) {
    if (key instanceof SearchKey.Body || key instanceof SearchKey.Text) {
      return true;
    }
    if (key instanceof SearchKey.And and) {
      return and.keys().stream().anyMatch(SearchEvaluator::needsBody);
    }
    if (key instanceof SearchKey.Or or) {
      return needsBody(or.left()) || needsBody(or.right());
    }
    if (key instanceof SearchKey.Not not) {
      return needsBody(not.key());
    }
    return false;
  }

  /**
   * Whether the message matches. {@code text} may be null when {@link #needsBody} is false; a
   * BODY or TEXT key with no text fails.
   */
  public static boolean matches(SearchKey key, MessageIndex index, MessageMetadata metadata, SearchContext context,
      MessageText text) {
    if (key instanceof SearchKey.All) {
      return true;
    }
    if (key instanceof SearchKey.And and) {
      return and.keys().stream().allMatch(k -> matches(k, index, metadata, context, text));
    }
    if (key instanceof SearchKey.Or or) {
      return matches(or.left(), index, metadata, context, text) || matches(or.right(), index, metadata, context, text);
    }
    if (key instanceof SearchKey.Not not) {
      return !matches(not.key(), index, metadata, context, text);
    }
    if (key instanceof SearchKey.Flag flag) {
      return hasFlag(index, flag.flag()) == flag.set();
    }
    if (key instanceof SearchKey.New) {
      return index.recent() && !hasFlag(index, "\\Seen");
    }
    if (key instanceof SearchKey.Old) {
      return !index.recent();
    }
    if (key instanceof SearchKey.Header header) {
      return headerContains(metadata, header.field(), header.value());
    }
    if (key instanceof SearchKey.Body body) {
      return bodyContains(text, body.value());
    }
    if (key instanceof SearchKey.Text t) {
      return anyHeaderContains(metadata, t.value()) || bodyContains(text, t.value());
    }
    if (key instanceof SearchKey.Date date) {
      return dateMatches(date, index, metadata, context);
    }
    if (key instanceof SearchKey.Size size) {
      return size.larger() ? index.size() > size.size() : index.size() < size.size();
    }
    if (key instanceof SearchKey.Uid uid) {
      return inSet(uid.set(), index.uid(), context.maxUid(), index, context);
    }
    if (key instanceof SearchKey.Sequence seq) {
      return inSet(seq.set(), index.sequenceNumber(), context.maxSequenceNumber(), index, context);
    }
    if (key instanceof SearchKey.ModSeq modSeq) {
      return index.modSeq() >= modSeq.modSeq();
    }
    throw new IllegalArgumentException("unknown search key " + key);
  }

  private static boolean inSet(SequenceSet set, long n, long max, MessageIndex index, SearchContext context) {
    if (set.saved()) {
      return context.savedUids().test(index.uid());
    }
    return set.contains(n, max);
  }

  private static boolean hasFlag(MessageIndex index, String flag) {
    if (flag.equalsIgnoreCase("\\Recent")) {
      return index.recent();
    }
    for (String f : index.flags()) {
      if (f.equalsIgnoreCase(flag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean headerContains(MessageMetadata metadata, String field, String value) {
    String needle = MessageText.lower(value);
    for (HeaderField h : metadata.headers()) {
      if (h.name().equalsIgnoreCase(field) && MessageText.lower(decodeWords(h.unfolded())).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyHeaderContains(MessageMetadata metadata, String value) {
    String needle = MessageText.lower(value);
    for (HeaderField h : metadata.headers()) {
      if (MessageText.lower(h.name() + ": " + decodeWords(h.unfolded())).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean bodyContains(MessageText text, String value) {
    return text != null && text.contains(MessageText.lower(value));
  }

  private static boolean dateMatches(SearchKey.Date key, MessageIndex index, MessageMetadata metadata,
      SearchContext context) {
    LocalDate day = key.field() == SearchKey.DateField.INTERNAL
        ? index.internalDate().atZone(context.internalDateZone()).toLocalDate()
        : sentDay(metadata.envelope() == null ? null : metadata.envelope().date());
    if (day == null) {
      return false;
    }
    if (key.relation() == SearchKey.DateRelation.BEFORE) {
      return day.isBefore(key.date());
    }
    if (key.relation() == SearchKey.DateRelation.ON) {
      return day.isEqual(key.date());
    }
    return !day.isBefore(key.date());
  }

  /** The calendar day an RFC 5322 Date value names, in its own zone; null when unreadable. */
  static LocalDate sentDay(String raw) {
    if (raw == null) {
      return null;
    }
    Matcher m = DATE.matcher(raw);
    if (!m.find()) {
      return null;
    }
    int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    int year = Integer.parseInt(m.group(3));
    if (m.group(3).length() == 2) {
      year += year < 50 ? 2000 : 1900; // RFC 5322 4.3 obsolete two-digit years
    } else if (m.group(3).length() == 3) {
      year += 1900;
    }
    try {
      return month == 0 ? null : LocalDate.of(year, month, Integer.parseInt(m.group(1)));
    } catch (DateTimeException notADay) {
      return null;
    }
  }

  /** RFC 2047 encoded-words decoded; what cannot be decoded stays as it is. */
  static String decodeWords(String raw) {
    try {
      return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
    } catch (RuntimeException undecodable) {
      return raw;
    }
  }
}
