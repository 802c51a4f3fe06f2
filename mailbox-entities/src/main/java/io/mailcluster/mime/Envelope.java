package io.mailcluster.mime;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/**
 * The fields of IMAP's ENVELOPE (RFC 9051 7.5.2), taken from a message's header: {@code date},
 * {@code subject}, {@code inReplyTo} and {@code messageId} are the raw unfolded header text
 * (null when the field is absent); the address lists keep encoded-words raw, as IMAP sends
 * them. Sender and reply-to already default to from, as RFC 9051 requires.
 */
public record Envelope(
    String date,
    String subject,
    List<EnvelopeAddress> from,
    List<EnvelopeAddress> sender,
    List<EnvelopeAddress> replyTo,
    List<EnvelopeAddress> to,
    List<EnvelopeAddress> cc,
    List<EnvelopeAddress> bcc,
    String inReplyTo,
    String messageId)
    implements CborSerializable {}
