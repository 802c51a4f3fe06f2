package io.mailcluster.smtp.codec;

/** What {@link CommandLineDecoder#next()} yields: wait for bytes, or one command. */
public sealed interface DecodeResult {

  /** The buffered bytes hold no complete line; feed more. */
  record NeedMore() implements DecodeResult {}

  /**
   * One command line, parsed. Limit and framing violations arrive as
   * {@link SmtpCommand.LineTooLong} and {@link SmtpCommand.BareLineEnding}.
   */
  record Decoded(SmtpCommand command) implements DecodeResult {}

  NeedMore NEED_MORE = new NeedMore();
}
