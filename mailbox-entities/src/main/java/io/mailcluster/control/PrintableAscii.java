package io.mailcluster.control;

import java.util.function.Function;

/** The character check {@link DomainName} and {@link MailAddress} share. */
final class PrintableAscii {

  private PrintableAscii() {}

  /**
   * Rejects what must never be echoed back: non-ASCII, whitespace, control characters.
   *
   * @param nonAsciiProblem what the parser says about non-ASCII input (it knows why)
   * @param invalid turns a problem into the parser's Rejection (it adds the subject)
   */
  static void check(String input, String nonAsciiProblem, Function<String, Rejection> invalid) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c > 0x7F) {
        throw invalid.apply(nonAsciiProblem);
      }
      if (Character.isWhitespace(c)) {
        throw invalid.apply("must not contain whitespace");
      }
      if (c < 0x20 || c == 0x7F) {
        throw invalid.apply("must not contain control characters");
      }
    }
  }
}
