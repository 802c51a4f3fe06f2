package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.SessionEffect;

/**
 * Port: where accepted mail goes. The node implements it with the blob store (content
 * streamed in chunks to Cassandra) and one append per recipient's INBOX on commit.
 */
@FunctionalInterface
public interface MessageStore {

  /**
   * Starts one message. Must return at once (no I/O wait): any slow work belongs in the
   * returned upload's stages. {@code messageId} is unique in the cluster (it is the id the
   * client sees in {@code Received:} and the 250 reply); a retry by the client gets a new
   * one, so it names the attempt (logs), not the message.
   */
  MessageUpload begin(SessionEffect.Envelope envelope, String messageId);
}
