package io.mailcluster.imap.transport;

import io.mailcluster.imap.codec.ImapSettings;
import io.mailcluster.imap.content.ContentSettings;
import io.mailcluster.imap.session.ImapBackend;
import io.mailcluster.imap.session.ImapSessionSettings;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/** Handle on one running IMAP connection (the materialized value of its flow). */
public interface ImapConnection {

  /** The node is leaving: the session finishes its command, says BYE and closes. Any thread. */
  void shutDown();

  /** Completes when the connection's stage has stopped. */
  CompletionStage<Done> terminated();

  /**
   * The flow of one connection: socket bytes in, response bytes out.
   *
   * @param clientAddress the client's IP address as text (the socket's peer, or with the PROXY
   *     protocol the client its header names); logins are recorded with it
   */
  static Flow<ByteString, ByteString, ImapConnection> flow(ImapSettings codec,
      ImapSessionSettings settings, ContentSettings content, ImapBackend backend, String sessionId,
      String clientAddress) {
    return Flow.fromGraph(
            new ImapConnectionStage(codec, settings, content, backend, sessionId, clientAddress))
        .flatMapConcat(bytes -> bytes);
  }
}
