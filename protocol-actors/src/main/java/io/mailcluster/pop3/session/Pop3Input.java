package io.mailcluster.pop3.session;

import io.mailcluster.pop3.codec.LineDecoder;

/** What drives a {@link Pop3Session}: client lines, and the answers to its requests. */
public sealed interface Pop3Input {

  /** The connection is open: send the greeting. */
  record Connected() implements Pop3Input {}

  record Line(LineDecoder.Line line) implements Pop3Input {}

  /** Answer to {@link Pop3Effect.Authenticate}: the canonical account, or null if refused. */
  record Authenticated(String account) implements Pop3Input {}

  /** Answer to {@link Pop3Effect.Authenticate} or {@link Pop3Effect.OpenMaildrop}: storage failed. */
  record Unavailable(String reason) implements Pop3Input {}

  /** Answer to {@link Pop3Effect.OpenMaildrop}: locked for this session and listed. */
  record MaildropOpened(Maildrop maildrop) implements Pop3Input {}

  /** Answer to {@link Pop3Effect.OpenMaildrop}: another session holds the maildrop. */
  record MaildropInUse() implements Pop3Input {}

  /** Answer to {@link Pop3Effect.Commit}: whether the deletions were persisted. */
  record Committed(boolean done) implements Pop3Input {}
}
