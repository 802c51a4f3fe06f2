package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ImapResponse.Condition;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.sasl.SaslPlain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LOGIN and AUTHENTICATE PLAIN (with SASL-IR, RFC 4959). A wrong password and an unknown user
 * get the same NO [AUTHENTICATIONFAILED]; after {@code max-failed-logins} of them the server
 * says BYE and closes. Storage trouble is NO [UNAVAILABLE], never "wrong password"; that
 * includes a right password whose login the backend could not record for the audit.
 */
final class LoginCommands {

  private final ImapSession session;
  private int failedLogins;
  private String authenticateTag;

  LoginCommands(ImapSession session) {
    this.session = session;
  }

  CompletionStage<SessionReply> login(String tag, String user, String password) {
    return session.backend.authenticate(user, password, session.clientAddress).thenApply(found -> {
      if (found.isPresent()) {
        session.account = found.get();
        session.state = ImapSession.State.AUTHENTICATED;
        return SessionReply.of(new Responses()
            .ok(tag, ResponseCode.capability(session.capabilities()), "logged in").encode(session.encoder));
      }
      failedLogins++;
      Responses out = new Responses()
          .no(tag, ResponseCode.AUTHENTICATIONFAILED, "invalid user name or password");
      if (failedLogins >= session.settings.maxFailedLogins()) {
        out.add(new ImapResponse.Untagged(Condition.BYE, null, "too many failed logins"));
        session.state = ImapSession.State.LOGOUT;
        return new SessionReply(SessionReply.of(out.encode(session.encoder)).output(), true, false);
      }
      return SessionReply.of(out.encode(session.encoder));
    });
  }

  CompletionStage<SessionReply> authenticate(ImapCommand.Authenticate a) {
    if (!a.mechanism().equalsIgnoreCase("PLAIN")) {
      return session.reply(new Responses().no(a.tag(), ResponseCode.CANNOT, "only AUTHENTICATE PLAIN is supported"));
    }
    if (a.initialResponse().isPresent()) {
      return plain(a.tag(), a.initialResponse().get());
    }
    authenticateTag = a.tag();
    return CompletableFuture.completedStage(new SessionReply(
        SessionReply.of(session.encoder.encode(new ImapResponse.Continuation(""))).output(), false, true));
  }

  /** The client's line after the "+" of AUTHENTICATE PLAIN. */
  CompletionStage<SessionReply> continuation(String line) {
    String tag = authenticateTag;
    authenticateTag = null;
    if (tag == null) {
      return session.reply(new Responses().add(new ImapResponse.Untagged(Condition.BAD, null, "no continuation was asked for")));
    }
    if (line.equals("*")) {
      return session.reply(new Responses().bad(tag, null, "AUTHENTICATE cancelled"));
    }
    return plain(tag, line);
  }

  private CompletionStage<SessionReply> plain(String tag, String base64) {
    SaslPlain.Credentials credentials = SaslPlain.decode(base64.equals("=") ? "" : base64);
    if (credentials == null) {
      return session.reply(new Responses().bad(tag, null, "malformed SASL PLAIN response"));
    }
    return login(tag, credentials.user(), credentials.password());
  }
}
