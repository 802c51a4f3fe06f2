package io.mailcluster.smtp.session;

import java.time.Instant;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Everything that can happen to an SMTP session: the socket, the environment, the clock. */
public sealed interface SessionInput {

  /**
   * The connection is open. {@code clientAddress} is the real client address (after PROXY
   * protocol), {@code clientHostname} its verified reverse name or {@code null}.
   */
  record Connected(String clientAddress, String clientHostname, Instant now)
      implements SessionInput {
    public Connected {
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(now, "now");
    }
  }

  /** Bytes read from the socket, in order, split wherever TCP split them. */
  record Bytes(ByteString bytes) implements SessionInput {}

  /** The answer to {@link SessionEffect.ResolveRecipient} with the same id. */
  record RecipientResolved(long requestId, Resolution resolution) implements SessionInput {}

  /** The message of {@link SessionEffect.CommitMessage} is durable for every recipient. */
  record MessageStored(long requestId) implements SessionInput {}

  /** The message could not be stored; nothing of it is visible to any recipient. */
  record MessageFailed(long requestId, StoreFailure reason) implements SessionInput {}

  /** The idle command or data timer fired (the transport owns the timer). */
  record Timeout() implements SessionInput {}

  /** The node is leaving (coordinated shutdown). */
  record ShuttingDown() implements SessionInput {}

  /** The client closed the connection or it broke. */
  record Disconnected() implements SessionInput {}
}
