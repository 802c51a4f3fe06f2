package io.mailcluster.pop3.session;

import io.mailcluster.pop3.codec.Pop3Reply;
import java.util.BitSet;
import java.util.SortedSet;
import java.util.function.IntFunction;

/**
 * What a {@link Pop3Session} asks of its connection and of storage, in order. Requests marked
 * "answered" are answered with a {@link Pop3Input}; the session handles no input meanwhile.
 */
public sealed interface Pop3Effect {

  record Reply(Pop3Reply reply) implements Pop3Effect {}

  /** The empty server challenge of a SASL exchange: the line "+ " (RFC 5034 section 4). */
  record Continue() implements Pop3Effect {}

  /**
   * Send "+OK {@code status}" then the bytes of the maildrop's message {@code uid}, dot-stuffed
   * and ended with a dot line: whole when {@code bodyLines} is {@link #WHOLE}, else the header
   * and that many body lines. If the message cannot be read, send -ERR [SYS/TEMP] instead.
   */
  record Transfer(String status, Maildrop maildrop, long uid, int bodyLines) implements Pop3Effect {
    public static final int WHOLE = -1;
  }

  /**
   * A multi-line LIST or UIDL of every message not marked deleted, one "n value" line each,
   * written as it streams out (a maildrop may hold 200,000 messages). {@code deleted} is the
   * session's marks when the command came; the session goes on without waiting for the lines.
   */
  record Listing(String status, Maildrop maildrop, BitSet deleted, IntFunction<String> value)
      implements Pop3Effect {
    public Listing {
      deleted = (BitSet) deleted.clone();
    }
  }

  /** Check a login (answered: Authenticated or Unavailable). */
  record Authenticate(String user, String password) implements Pop3Effect {
    @Override
    public String toString() {
      return "Authenticate[" + user + ", <redacted>]";
    }
  }

  /** Lock the account's maildrop for this session and list it (answered). */
  record OpenMaildrop(String account) implements Pop3Effect {}

  /** Expunge these INBOX uids, then release the lock (answered: Committed). */
  record Commit(Maildrop maildrop, SortedSet<Long> uids) implements Pop3Effect {}

  /** Release the lock without changing anything. */
  record Release(String account) implements Pop3Effect {}

  /** Close the connection after what was sent before. */
  record Close() implements Pop3Effect {}
}
