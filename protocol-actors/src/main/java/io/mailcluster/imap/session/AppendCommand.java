package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ResponseCode;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletionStage;

/**
 * APPEND (RFC 9051 section 6.3.12, APPENDUID from RFC 4315). The head is checked before the
 * message is read (a synchronizing literal is then never sent), the literal's announced size
 * against the account's quota too (NO [OVERQUOTA]); the message itself streams
 * from the socket into the store through an {@link AppendUpload}, and OK comes only when the
 * blob and the append event are durable.
 */
final class AppendCommand {


  private final ImapSession session;

  AppendCommand(ImapSession session) {
    this.session = session;
  }

  CompletionStage<AppendDecision> begin(ImapCommand.Append a) {
    String refusal = CommandGate.refusal(a, session.state);
    if (refusal != null) {
      return refuse(new Responses().bad(a.tag(), null, refusal));
    }
    SortedSet<String> flags = FlagNames.storable(a.flags());
    if (flags == null) {
      return refuse(new Responses().bad(a.tag(), null, "a system flag that cannot be stored"));
    }
    if (a.size() == 0) {
      return refuse(new Responses().no(a.tag(), ResponseCode.CANNOT, "empty message"));
    }
    Optional<String> name = session.mailboxName(a.mailbox());
    if (name.isEmpty()) {
      return refuse(new Responses().bad(a.tag(), null, "invalid mailbox name"));
    }
    Instant date = a.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
    return MailboxCommands.lookup(session, name.get())
        .thenCompose(ref -> ref.isEmpty()
            ? refuse(new Responses().no(a.tag(), ResponseCode.TRYCREATE, "no such mailbox"))
            : QuotaGuard.admits(session, a.size()).thenApply(fits -> fits
                ? new AppendDecision(session.backend.append(ref.get().folderId(), flags, date), null)
                : refusal(new Responses().add(QuotaGuard.overQuota(a.tag(), "APPEND")))))
        .exceptionally(failure ->
            refusal(new Responses().add(Failures.no(a.tag(), failure, Failures.Conflict.CANNOT))));
  }

  CompletionStage<SessionReply> end(String tag, AppendUpload upload) {
    return upload.commit().handle((result, failure) -> {
      if (failure != null) {
        return session.reply(new Responses().add(Failures.no(tag, failure, Failures.Conflict.CANNOT)));
      }
      return session.withUpdates(true, new Responses().ok(tag,
          ResponseCode.appendUid(result.uidValidity(), Long.toString(result.uid())), "APPEND completed"));
    }).thenCompose(r -> r);
  }

  private CompletionStage<AppendDecision> refuse(Responses out) {
    return MailboxCommands.done(refusal(out));
  }

  private AppendDecision refusal(Responses out) {
    return new AppendDecision(null, SessionReply.of(out.encode(session.encoder)));
  }
}
