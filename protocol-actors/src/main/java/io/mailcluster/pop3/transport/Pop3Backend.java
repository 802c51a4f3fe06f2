package io.mailcluster.pop3.transport;

import io.mailcluster.pop3.session.Maildrop;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Port: what a POP3 session needs from the cluster. The node implements it with the shared
 * control data (logins), a cluster-wide maildrop lock and the INBOX folder entity. Failing
 * stages mean storage trouble (the client is told to try later), never a wrong password.
 */
public interface Pop3Backend {

  /**
   * The canonical account address when the password is right, empty when it is not. The node
   * records the outcome on the account for its audit, with {@code clientAddress}; a successful
   * login it could not record is a failed stage (storage trouble), never a wrong password.
   *
   * @param clientAddress the client's IP address as text (behind a balancer, from its PROXY header)
   */
  CompletionStage<Optional<String>> authenticate(
      String user, String password, String clientAddress);

  /**
   * Locks the account's maildrop for {@code sessionId} anywhere in the cluster and lists its
   * INBOX. Empty when another session holds the lock.
   */
  CompletionStage<Optional<Maildrop>> open(String account, String sessionId);

  /** Expunges these INBOX uids; completes when persisted. Then releases the lock. */
  CompletionStage<Void> commit(Maildrop maildrop, SortedSet<Long> uids, String sessionId);

  /** Releases the lock (nothing changed); fire and forget. */
  void release(String account, String sessionId);

  /**
   * The stored bytes of the maildrop's message {@code uid}; the stage completes once they are
   * known to be readable (the message is still there and its blob found), so that a failure
   * can still be answered -ERR instead of cutting a started +OK response.
   */
  CompletionStage<Source<ByteString, NotUsed>> message(Maildrop maildrop, long uid);
}
