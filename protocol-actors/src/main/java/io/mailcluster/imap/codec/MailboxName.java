package io.mailcluster.imap.codec;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Modified UTF-7 (RFC 3501 section 5.1.3), the mailbox name form of IMAP4rev1 clients that
 * did not enable UTF-8: printable ASCII stands for itself ('&' as "&-"), every other run of
 * characters is UTF-16 in base64 with ',' for '/', no padding, between '&' and '-'.
 */
public final class MailboxName {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

  private MailboxName() {}

  /** The modified UTF-7 form of a mailbox name. */
  public static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (isDirect(c)) {
        out.append(c == '&' ? "&-" : String.valueOf(c));
        i++;
        continue;
      }
      int end = i;
      while (end < name.length() && !isDirect(name.charAt(end))) {
        end++;
      }
      out.append('&').append(base64(name.substring(i, end))).append('-');
      i = end;
    }
    return out.toString();
  }

  /**
   * The name a modified UTF-7 string stands for, or empty when it is not valid: a raw 8-bit
   * or control character, an unterminated or empty shift, bad base64, leftover bits, broken
   * surrogates, or printable ASCII that was encoded instead of written as itself.
   */
  public static Optional<String> decode(String encoded) {
    StringBuilder out = new StringBuilder(encoded.length());
    int i = 0;
    while (i < encoded.length()) {
      char c = encoded.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return Optional.empty();
      }
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int dash = encoded.indexOf('-', i + 1);
      if (dash < 0) {
        return Optional.empty();
      }
      if (dash == i + 1) {
        out.append('&');
      } else {
        String run = unbase64(encoded.substring(i + 1, dash));
        if (run == null) {
          return Optional.empty();
        }
        out.append(run);
      }
      i = dash + 1;
    }
    return Optional.of(out.toString());
  }

  private static boolean isDirect(char c) {
    return c >= 0x20 && c <= 0x7e;
  }

  private static String base64(String run) {
    StringBuilder out = new StringBuilder();
    int bits = 0;
    int buffer = 0;
    for (int i = 0; i < run.length(); i++) {
      buffer = (buffer << 16) | run.charAt(i);
      bits += 16;
      while (bits >= 6) {
        bits -= 6;
        out.append(ALPHABET.charAt((buffer >> bits) & 0x3f));
      }
      buffer &= (1 << bits) - 1;
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (6 - bits)) & 0x3f));
    }
    return out.toString();
  }

  /** The UTF-16 text of one shifted run, or null when the run is not valid. */
  private static String unbase64(String run) {
    ByteArrayOutputStream units = new ByteArrayOutputStream();
    int bits = 0;
    int buffer = 0;
    for (int i = 0; i < run.length(); i++) {
      int v = ALPHABET.indexOf(run.charAt(i));
      if (v < 0) {
        return null;
      }
      buffer = (buffer << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        units.write((buffer >> bits) & 0xff);
        buffer &= (1 << bits) - 1;
      }
    }
    // an encoder pads with fewer than 6 zero bits and ends on a whole UTF-16 unit
    byte[] b = units.toByteArray();
    if (bits >= 6 || buffer != 0 || b.length % 2 != 0) {
      return null;
    }
    StringBuilder text = new StringBuilder(b.length / 2);
    for (int k = 0; k < b.length; k += 2) {
      text.append((char) (((b[k] & 0xff) << 8) | (b[k + 1] & 0xff)));
    }
    return isWellFormed(text) ? text.toString() : null;
  }

  private static boolean isWellFormed(CharSequence text) {
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (isDirect(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (k + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(k + 1))) {
          return false;
        }
        k++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
