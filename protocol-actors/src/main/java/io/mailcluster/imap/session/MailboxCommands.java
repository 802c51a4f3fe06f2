package io.mailcluster.imap.session;

import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.imap.session.Failures.Conflict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The commands on the folder tree (RFC 9051 sections 6.3.3 to 6.3.12): CREATE, DELETE, RENAME,
 * SUBSCRIBE, UNSUBSCRIBE, NAMESPACE, and SELECT/EXAMINE, STATUS, LIST/LSUB through their own
 * classes. The account's tree is asked for each command, so a change made on another node
 * is seen at once.
 */
final class MailboxCommands {

  private final ImapSession session;
  private final SelectCommand select;
  private final ListCommand list;
  private final StatusCommand status;

  MailboxCommands(ImapSession session) {
    this.session = session;
    this.select = new SelectCommand(session);
    this.list = new ListCommand(session);
    this.status = new StatusCommand(session);
  }

  /** Null when {@code c} is not a mailbox command. */
  CompletionStage<SessionReply> run(ImapCommand c) {
    if (c instanceof ImapCommand.Select s) {
      return named(s.tag(), s.mailbox(), name -> select.run(s, name));
    } else if (c instanceof ImapCommand.Create cr) {
      return named(cr.tag(), cr.mailbox(), name -> create(cr, name));
    } else if (c instanceof ImapCommand.Delete d) {
      return named(d.tag(), d.mailbox(), name -> change(d.tag(), "DELETE", Conflict.IN_USE,
          session.backend.deleteFolder(session.account, name)));
    } else if (c instanceof ImapCommand.Rename r) {
      return named(r.tag(), r.from(), from -> named(r.tag(), r.to(), to -> change(r.tag(), "RENAME",
          Conflict.ALREADY_EXISTS, session.backend.renameFolder(session.account, from, to))));
    } else if (c instanceof ImapCommand.Subscribe s) {
      return named(s.tag(), s.mailbox(), name -> change(s.tag(), "SUBSCRIBE", Conflict.CANNOT,
          session.backend.setSubscribed(session.account, name, true)));
    } else if (c instanceof ImapCommand.Unsubscribe u) {
      return named(u.tag(), u.mailbox(), name -> change(u.tag(), "UNSUBSCRIBE", Conflict.CANNOT,
          session.backend.setSubscribed(session.account, name, false)));
    } else if (c instanceof ImapCommand.Namespace) {
      return session.reply(new Responses()
          .add(new ImapResponse.Namespace(
              List.of(new ImapResponse.NamespaceDescription("", ImapSession.DELIMITER)), List.of(), List.of()))
          .ok(c.tag(), "NAMESPACE completed"));
    } else if (c instanceof ImapCommand.ListMailboxes l) {
      return list.list(l);
    } else if (c instanceof ImapCommand.Lsub l) {
      return list.lsub(l);
    } else if (c instanceof ImapCommand.Status s) {
      return named(s.tag(), s.mailbox(), name -> status.run(s, name));
    }
    return null;
  }

  private CompletionStage<SessionReply> create(ImapCommand.Create c, String name) {
    // a trailing delimiter says the client means to create children under it (RFC 9051 6.3.4)
    String folder = name.endsWith(String.valueOf(ImapSession.DELIMITER))
        ? name.substring(0, name.length() - 1) : name;
    String specialUse = null;
    if (!c.specialUse().isEmpty()) {
      specialUse = FolderRef.DEFAULTS.stream().map(FolderRef.Default::specialUse)
          .filter(u -> u != null && u.equalsIgnoreCase(c.specialUse().get(0))).findFirst().orElse(null);
      if (specialUse == null || c.specialUse().size() > 1) {
        return session.reply(new Responses().no(c.tag(), new ResponseCode("USEATTR", null),
            "one of \\Sent \\Drafts \\Trash \\Junk \\Archive may be given"));
      }
    }
    return change(c.tag(), "CREATE", Conflict.ALREADY_EXISTS,
        session.backend.createFolder(session.account, folder, specialUse));
  }

  private CompletionStage<SessionReply> change(String tag, String command, Conflict conflict,
      CompletionStage<FolderTree> done) {
    return done.handle((tree, failure) -> failure == null
            ? session.withUpdates(true, new Responses().ok(tag, command + " completed"))
            : session.reply(new Responses().add(Failures.no(tag, failure, conflict))))
        .thenCompose(Function.identity());
  }

  /** Runs {@code then} with the decoded mailbox name, or answers BAD for an undecodable one. */
  private CompletionStage<SessionReply> named(String tag, String raw,
      Function<String, CompletionStage<SessionReply>> then) {
    Optional<String> name = session.mailboxName(raw);
    if (name.isEmpty() || name.get().isEmpty() && !raw.isEmpty()) {
      return session.reply(new Responses().bad(tag, null, "invalid mailbox name"));
    }
    return then.apply(name.get());
  }

  /** The folder called {@code name} in the account's tree, if there is one. */
  static CompletionStage<Optional<FolderRef>> lookup(ImapSession session, String name) {
    return session.backend.folders(session.account).thenApply(tree -> tree.folder(name));
  }

  static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedStage(value);
  }
}
