package io.mailcluster.node.cli;

import java.util.Locale;

/** Parses a quota given on the command line: bytes, or a number with K, M or G (powers of 1024). */
final class Quota {

  private Quota() {}

  static long parse(String text) throws AdminCli.Usage {
    String t = text.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
      unit = switch (t.charAt(t.length() - 1)) {
        case 'K' -> 1L << 10;
        case 'M' -> 1L << 20;
        default -> 1L << 30;
      };
      t = t.substring(0, t.length() - 1);
    }
    try {
      long value = Long.parseLong(t);
      if (value < 0) {
        throw new AdminCli.Usage("quota must not be negative: " + text);
      }
      return Math.multiplyExact(value, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new AdminCli.Usage("quota must be a byte count such as 1073741824, 512M or 2G, got: " + text);
    }
  }
}
