package io.mailcluster.imap.codec;

/**
 * What the client negotiated that changes the bytes: IMAP4rev2 (ENABLE IMAP4rev2) or
 * UTF8=ACCEPT (RFC 6855) both let quoted strings and mailbox names carry UTF-8.
 */
public record EncoderOptions(boolean rev2, boolean utf8Accept) {

  /** A client that enabled nothing: IMAP4rev1, ASCII quoted strings, modified UTF-7 names. */
  public static final EncoderOptions REV1 = new EncoderOptions(false, false);

  public static final EncoderOptions REV2 = new EncoderOptions(true, false);

  /** True when UTF-8 may appear outside literals. */
  public boolean utf8() {
    return rev2 || utf8Accept;
  }
}
