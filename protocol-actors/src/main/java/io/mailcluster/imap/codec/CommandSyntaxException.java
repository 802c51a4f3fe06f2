package io.mailcluster.imap.codec;

/** Thrown inside the parser only; the decoder turns it into {@link DecoderResult.Failed}. */
public final class CommandSyntaxException extends Exception {

  private final CommandError error;

  public CommandSyntaxException(CommandError error, String detail) {
    super(detail, null, false, false); // control flow, no stack trace needed
    this.error = error;
  }

  public CommandError error() {
    return error;
  }
}
