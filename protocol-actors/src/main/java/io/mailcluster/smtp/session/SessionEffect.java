package io.mailcluster.smtp.session;

import io.mailcluster.smtp.codec.BodyType;
import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.util.ByteString;

/**
 * What the session asks its environment to do. Requests carry an id; the answer comes back
 * as a {@link SessionInput} with the same id. A message is BeginMessage, MessageContent*,
 * then exactly one of CommitMessage or AbortMessage.
 */
public sealed interface SessionEffect {

  /**
   * Look up one RCPT address; answer with {@link SessionInput.RecipientResolved}. {@code
   * declaredSize} is MAIL FROM's SIZE=, if the client gave one: a mailbox it would not fit in
   * is refused now ({@link Resolution.OverQuota}) rather than after the whole message.
   */
  record ResolveRecipient(long requestId, String address, OptionalLong declaredSize)
      implements SessionEffect {}

  /** A message starts; its content follows in {@link MessageContent} chunks. */
  record BeginMessage(long requestId, Envelope envelope) implements SessionEffect {}

  /**
   * Message bytes in order, as they will be stored. The first chunk is the trace header
   * block (Return-Path and Received) the session adds.
   */
  record MessageContent(long requestId, ByteString bytes) implements SessionEffect {}

  /** The content is complete: make it durable, answer with MessageStored or MessageFailed. */
  record CommitMessage(long requestId) implements SessionEffect {}

  /** Drop everything of this message; no answer is expected. */
  record AbortMessage(long requestId) implements SessionEffect {}

  /** Close the connection once the replies of this step are written. */
  record Close() implements SessionEffect {}

  /**
   * The SMTP envelope. {@code reversePath} is {@code ""} for the null sender;
   * {@code recipients} are the local mailboxes (aliases expanded, no duplicates).
   */
  record Envelope(String reversePath, List<String> recipients, BodyType bodyType, boolean smtpUtf8) {
    public Envelope {
      recipients = List.copyOf(recipients);
    }
  }
}
