package io.mailcluster.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Small helpers for header text: bytes to text, unfolding, RFC 2047 decoding, dates. */
final class HeaderText {

  private HeaderText() {}

  /** UTF-8 when the bytes are valid UTF-8 (RFC 6532), otherwise ISO-8859-1 (one char per octet). */
  static String text(byte[] bytes, int offset, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
  }

  /** Removes the line breaks of folding (RFC 5322 2.2.3), keeping the whitespace after them. */
  static String unfold(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\r' && c != '\n') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Decodes RFC 2047 encoded-words; undecodable words stay as they are. */
  static String decodeWords(String raw) {
    try {
      return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
    } catch (RuntimeException undecodable) {
      return raw;
    }
  }

  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

  private static final Map<String, Integer> ZONES = Map.of(
      "ut", 0, "gmt", 0, "z", 0, "edt", -4, "est", -5, "cdt", -5, "cst", -6, "mdt", -6, "mst", -7,
      "pdt", -7);

  /**
   * Parses an RFC 5322 date-time, tolerating what real mail carries (comments, obsolete zone
   * names, two-digit years, missing seconds or day name). Null when it is not a date.
   */
  static Instant parseDate(String raw) {
    if (raw == null) {
      return null;
    }
    String s = stripComments(unfold(raw)).replace(',', ' ').trim().toLowerCase(Locale.ROOT);
    String[] t = s.split("\\s+");
    int i = 0;
    if (t.length > 0 && !t[0].isEmpty() && Character.isLetter(t[0].charAt(0))) {
      i++; // day name
    }
    try {
      if (t.length < i + 4) {
        return null;
      }
      int day = Integer.parseInt(t[i]);
      int month = MONTHS.indexOf(t[i + 1].length() >= 3 ? t[i + 1].substring(0, 3) : t[i + 1]) + 1;
      int year = Integer.parseInt(t[i + 2]);
      if (month == 0) {
        return null;
      }
      if (t[i + 2].length() <= 2) {
        year += year < 50 ? 2000 : 1900;
      } else if (t[i + 2].length() == 3) {
        year += 1900;
      }
      String[] hms = t[i + 3].split(":");
      LocalTime time = LocalTime.of(
          Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), hms.length > 2 ? Integer.parseInt(hms[2]) : 0);
      ZoneOffset zone = t.length > i + 4 ? zone(t[i + 4]) : ZoneOffset.UTC;
      if (zone == null) {
        zone = ZoneOffset.UTC;
      }
      return ZonedDateTime.of(LocalDate.of(year, month, day), time, zone).toInstant();
    } catch (NumberFormatException | DateTimeException | ArrayIndexOutOfBoundsException notADate) {
      return null;
    }
  }

  private static ZoneOffset zone(String z) {
    if ((z.startsWith("+") || z.startsWith("-")) && z.length() == 5) {
      int hours = Integer.parseInt(z.substring(1, 3));
      int minutes = Integer.parseInt(z.substring(3, 5));
      int sign = z.startsWith("-") ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    Integer hours = ZONES.get(z);
    return hours == null ? null : ZoneOffset.ofHours(hours);
  }

  private static String stripComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && depth > 0) {
        i++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
        out.append(' ');
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
