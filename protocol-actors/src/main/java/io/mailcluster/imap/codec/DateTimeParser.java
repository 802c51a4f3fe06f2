package io.mailcluster.imap.codec;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** date and date-time of RFC 9051 section 9 ("1-Feb-2024", "01-Feb-2024 10:00:00 +0100"). */
final class DateTimeParser {

  private static final String MONTHS = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";

  private DateTimeParser() {}

  /** date = date-text / DQUOTE date-text DQUOTE, date-text = date-day "-" date-month "-" date-year */
  static LocalDate date(CommandReader in) throws CommandSyntaxException {
    boolean quoted = in.tryChar('"');
    int day = digits(in, 1, 2);
    LocalDate date = monthYear(in, day);
    if (quoted) {
      in.expect('"');
    }
    return date;
  }

  /** date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE */
  static OffsetDateTime dateTime(CommandReader in) throws CommandSyntaxException {
    in.expect('"');
    int day;
    if (in.tryChar(' ')) {
      day = digits(in, 1, 1); // date-day-fixed: (SP DIGIT) / 2DIGIT
    } else {
      day = digits(in, 2, 2);
    }
    LocalDate date = monthYear(in, day);
    in.sp();
    int hour = digits(in, 2, 2);
    in.expect(':');
    int minute = digits(in, 2, 2);
    in.expect(':');
    int second = digits(in, 2, 2);
    in.sp();
    int sign = in.tryChar('+') ? 1 : in.tryChar('-') ? -1 : 0;
    if (sign == 0) {
      throw in.error("zone expected");
    }
    int zone = digits(in, 4, 4);
    in.expect('"');
    try {
      ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100));
      return OffsetDateTime.of(date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
          hour, minute, second, 0, offset);
    } catch (DateTimeException e) {
      throw in.error("bad date-time");
    }
  }

  private static LocalDate monthYear(CommandReader in, int day) throws CommandSyntaxException {
    in.expect('-');
    StringBuilder month = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      int c = in.peek();
      if (c < 0) {
        throw in.error("month expected");
      }
      month.append((char) Character.toUpperCase(c));
      in.tryChar((char) c);
    }
    int m = MONTHS.indexOf(month.toString());
    if (m < 0 || m % 3 != 0) {
      throw in.error("bad month " + month);
    }
    in.expect('-');
    int year = digits(in, 4, 4);
    try {
      return LocalDate.of(year, m / 3 + 1, day);
    } catch (DateTimeException e) {
      throw in.error("bad date");
    }
  }

  private static int digits(CommandReader in, int min, int max) throws CommandSyntaxException {
    int value = 0;
    int count = 0;
    while (count < max && in.atDigit()) {
      value = value * 10 + in.peek() - '0';
      in.tryChar((char) in.peek());
      count++;
    }
    if (count < min) {
      throw in.error("digits expected");
    }
    return value;
  }
}
