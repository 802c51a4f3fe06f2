package io.mailcluster.imap.codec;

import io.mailcluster.mime.Envelope;
import io.mailcluster.mime.EnvelopeAddress;
import java.util.List;
import org.apache.pekko.util.ByteStringBuilder;

/** Writes ENVELOPE (RFC 9051 section 7.5.2) from the envelope extracted at ingest. */
public final class EnvelopeEncoder {

  private EnvelopeEncoder() {}

  /** An envelope; null (a message/rfc822 part whose header was not parsed) is all NIL. */
  public static void encode(ByteStringBuilder out, Envelope envelope, boolean utf8) {
    if (envelope == null) {
      ImapString.ascii(out, "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
      return;
    }
    ImapString.ascii(out, "(");
    ImapString.nstring(out, envelope.date(), utf8);
    ImapString.ascii(out, " ");
    ImapString.nstring(out, envelope.subject(), utf8);
    for (List<EnvelopeAddress> list : List.of(nonNull(envelope.from()), nonNull(envelope.sender()),
        nonNull(envelope.replyTo()), nonNull(envelope.to()), nonNull(envelope.cc()), nonNull(envelope.bcc()))) {
      ImapString.ascii(out, " ");
      addresses(out, list, utf8);
    }
    ImapString.ascii(out, " ");
    ImapString.nstring(out, envelope.inReplyTo(), utf8);
    ImapString.ascii(out, " ");
    ImapString.nstring(out, envelope.messageId(), utf8);
    ImapString.ascii(out, ")");
  }

  private static List<EnvelopeAddress> nonNull(List<EnvelopeAddress> list) {
    return list == null ? List.of() : list;
  }

  /** An address list: NIL when empty, else addresses with no space between them. */
  private static void addresses(ByteStringBuilder out, List<EnvelopeAddress> list, boolean utf8) {
    if (list.isEmpty()) {
      ImapString.ascii(out, "NIL");
      return;
    }
    ImapString.ascii(out, "(");
    for (EnvelopeAddress a : list) {
      ImapString.ascii(out, "(");
      ImapString.nstring(out, a.name(), utf8);
      ImapString.ascii(out, " ");
      ImapString.nstring(out, a.adl(), utf8);
      ImapString.ascii(out, " ");
      ImapString.nstring(out, a.mailbox(), utf8);
      ImapString.ascii(out, " ");
      ImapString.nstring(out, a.host(), utf8);
      ImapString.ascii(out, ")");
    }
    ImapString.ascii(out, ")");
  }
}
