package io.mailcluster.imap.codec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Writes the items of one FETCH response. A streamed section ends the bytes written so far
 * with its literal header and leaves a {@link ResponseChunk.Stream} where its octets go.
 */
final class FetchItemEncoder {

  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private FetchItemEncoder() {}

  /** Appends the items, space separated, to {@code out}; flushes into {@code chunks} at streams. */
  static ByteStringBuilder encode(List<FetchItem> items, EncoderOptions options, ByteStringBuilder out,
      List<ResponseChunk> chunks) {
    boolean utf8 = options.utf8();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        ImapString.ascii(out, " ");
      }
      FetchItem item = items.get(i);
      if (item instanceof FetchItem.Uid uid) {
        ImapString.ascii(out, "UID " + uid.uid());
      } else if (item instanceof FetchItem.Flags flags) {
        ImapString.ascii(out, "FLAGS (" + FlagsEncoder.join(flags.flags()) + ")");
      } else if (item instanceof FetchItem.InternalDate date) {
        ImapString.ascii(out, "INTERNALDATE \"" + dateTime(date.date()) + "\"");
      } else if (item instanceof FetchItem.Rfc822Size size) {
        ImapString.ascii(out, "RFC822.SIZE " + size.size());
      } else if (item instanceof FetchItem.ModSeq modSeq) {
        ImapString.ascii(out, "MODSEQ (" + modSeq.modSeq() + ")");
      } else if (item instanceof FetchItem.Envelope envelope) {
        ImapString.ascii(out, "ENVELOPE ");
        EnvelopeEncoder.encode(out, envelope.envelope(), utf8);
      } else if (item instanceof FetchItem.Structure structure) {
        ImapString.ascii(out, structure.extensible() ? "BODYSTRUCTURE " : "BODY ");
        BodyStructureEncoder.encode(out, structure.body(), structure.extensible(), utf8);
      } else if (item instanceof FetchItem.Section section) {
        ImapString.ascii(out, name(section.kind(), section.section(), section.origin()) + " ");
        if (section.content() == null) {
          ImapString.ascii(out, "NIL");
        } else {
          literalHeader(out, section.kind(), section.content().size());
          out.append(section.content());
        }
      } else if (item instanceof FetchItem.BinarySize size) {
        ImapString.ascii(out, "BINARY.SIZE[" + size.section() + "] " + size.size());
      } else if (item instanceof FetchItem.StreamedSection streamed) {
        ImapString.ascii(out, name(streamed.kind(), streamed.section(), streamed.origin()) + " ");
        literalHeader(out, streamed.kind(), streamed.size());
        chunks.add(new ResponseChunk.Bytes(out.result()));
        chunks.add(new ResponseChunk.Stream(streamed));
        out = new ByteStringBuilder();
      } else {
        throw new IllegalStateException("unknown fetch item " + item);
      }
    }
    return out;
  }

  /** date-time of RFC 9051: "dd-Mon-yyyy hh:mm:ss +zzzz", month names in English always. */
  static String dateTime(OffsetDateTime d) {
    int offsetMinutes = d.getOffset().getTotalSeconds() / 60;
    return String.format(Locale.ROOT, "%02d-%s-%04d %02d:%02d:%02d %s%02d%02d", d.getDayOfMonth(),
        MONTHS[d.getMonthValue() - 1], d.getYear(), d.getHour(), d.getMinute(), d.getSecond(),
        offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
  }

  private static String name(FetchItem.SectionKind kind, String section, Long origin) {
    if (kind == FetchItem.SectionKind.RFC822) {
      return "RFC822";
    }
    if (kind == FetchItem.SectionKind.RFC822_HEADER) {
      return "RFC822.HEADER";
    }
    if (kind == FetchItem.SectionKind.RFC822_TEXT) {
      return "RFC822.TEXT";
    }
    String name = kind == FetchItem.SectionKind.BINARY ? "BINARY[" : "BODY[";
    return name + section + "]" + (origin == null ? "" : "<" + origin + ">");
  }

  /** BINARY content may hold NUL, so it travels as literal8 (RFC 3516, RFC 9051). */
  private static void literalHeader(ByteStringBuilder out, FetchItem.SectionKind kind, long size) {
    ImapString.ascii(out, (kind == FetchItem.SectionKind.BINARY ? "~{" : "{") + size + "}\r\n");
  }

  /**
   * The section spec is wire text between brackets: refuse what would end it or the line.
   * The RFC822 forms have no brackets, so neither a section nor an origin.
   */
  static void checkSection(FetchItem.SectionKind kind, String section, Long origin) {
    boolean rfc822 = kind != FetchItem.SectionKind.BODY && kind != FetchItem.SectionKind.BINARY;
    if (rfc822 && (!section.isEmpty() || origin != null)) {
      throw new IllegalArgumentException(kind + " takes no section or origin");
    }
    if (origin != null && origin < 0) {
      throw new IllegalArgumentException("negative origin");
    }
    for (int i = 0; i < section.length(); i++) {
      char c = section.charAt(i);
      if (c == ']' || c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("bad section spec: " + section);
      }
    }
  }
}
