package io.mailcluster.imap.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set (RFC 9051 section 9, sequence-set): message numbers or UIDs as ranges,
 * where {@link #STAR} stands for the largest number in use, or {@code $}, the result saved
 * by the last SEARCH ... RETURN (SAVE) (RFC 5182).
 */
public record SequenceSet(List<Range> ranges, boolean saved) {

  /** "*": resolved against the mailbox when the command runs. */
  public static final long STAR = Long.MAX_VALUE;

  /** first..last as written; the order of the two ends does not matter (3:1 = 1:3). */
  public record Range(long first, long last) {
    public long low(long max) {
      return Math.min(resolve(first, max), resolve(last, max));
    }

    public long high(long max) {
      return Math.max(resolve(first, max), resolve(last, max));
    }

    private static long resolve(long n, long max) {
      return n == STAR ? max : n;
    }
  }

  public SequenceSet {
    ranges = List.copyOf(ranges);
  }

  public static SequenceSet savedResult() {
    return new SequenceSet(List.of(), true);
  }

  /** Whether {@code n} is in the set, with {@code max} the number "*" stands for. */
  public boolean contains(long n, long max) {
    for (Range r : ranges) {
      if (n >= r.low(max) && n <= r.high(max)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    if (saved) {
      return "$";
    }
    List<String> out = new ArrayList<>();
    for (Range r : ranges) {
      out.add(r.first == r.last ? num(r.first) : num(r.first) + ":" + num(r.last));
    }
    return String.join(",", out);
  }

  private static String num(long n) {
    return n == STAR ? "*" : Long.toString(n);
  }

  /** sequence-set / "$" */
  static SequenceSet read(CommandReader in) throws CommandSyntaxException {
    if (in.tryChar('$')) {
      return savedResult();
    }
    List<Range> ranges = new ArrayList<>();
    do {
      long first = seqNumber(in);
      long last = in.tryChar(':') ? seqNumber(in) : first;
      ranges.add(new Range(first, last));
    } while (in.tryChar(','));
    return new SequenceSet(ranges, false);
  }

  private static long seqNumber(CommandReader in) throws CommandSyntaxException {
    return in.tryChar('*') ? STAR : in.nzNumber();
  }

  /** Whether the reader is at the start of a sequence set (a digit, '*' or '$'). */
  static boolean startsAt(CommandReader in) {
    int c = in.peek();
    return in.atDigit() || c == '*' || c == '$';
  }
}
