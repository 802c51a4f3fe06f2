package io.mailcluster.imap.session;

import io.mailcluster.control.FolderRef;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * SELECT and EXAMINE (RFC 9051 section 6.3.2), with CONDSTORE and QRESYNC (RFC 7162 section
 * 3.2.5). The view is built from the folder's status first, then its uids: whatever changes in
 * between is reported again by the first update, and the view takes it in idempotently.
 *
 * <p>Limit: the OK [UNSEEN n] of IMAP4rev1 is not sent (finding the first unseen message of
 * a big folder means reading its whole index); clients fetch flags anyway.
 */
final class SelectCommand {

  private final ImapSession session;

  SelectCommand(ImapSession session) {
    this.session = session;
  }

  CompletionStage<SessionReply> run(ImapCommand.Select s, String name) {
    Responses out = new Responses();
    if (session.selected != null) {
      session.closeSelected();
      if (session.qresync) {
        out.untaggedOk(ResponseCode.CLOSED, "previous mailbox closed");
      }
    }
    if (s.qresync().isPresent() && !session.qresync) {
      return session.reply(out.bad(s.tag(), null, "QRESYNC parameter without ENABLE QRESYNC"));
    }
    return MailboxCommands.lookup(session, name).thenCompose(ref -> {
      if (ref.isEmpty()) {
        return session.reply(out.no(s.tag(), ResponseCode.NONEXISTENT, "no such mailbox"));
      }
      FolderRef folder = ref.get();
      return session.backend.status(folder.folderId()).thenCompose(status ->
          session.backend.uids(folder.folderId()).thenCompose(uids -> {
            SelectedMailbox view = new SelectedMailbox(folder.name(), folder.folderId(), s.readOnly(),
                status.uidValidity(), uids, status.highestModSeq(), status.uidNext());
            session.select(view);
            if (s.condStore()) {
              session.condStore = true;
            }
            opened(out, view, status, folder);
            if (s.qresync().isPresent() && s.qresync().get().uidValidity() == status.uidValidity()) {
              return resync(s, view, uids, out);
            }
            return session.reply(finish(out, s, view));
          }));
    });
  }

  private void opened(Responses out, SelectedMailbox view, FolderStatus status, FolderRef folder) {
    out.add(new ImapResponse.Flags(FlagNames.SYSTEM));
    out.add(new ImapResponse.Exists(view.map.size()));
    if (!session.rev2) {
      out.add(new ImapResponse.Recent(0));
    }
    out.untaggedOk(ResponseCode.uidValidity(status.uidValidity()), "UIDs valid");
    out.untaggedOk(ResponseCode.uidNext(status.uidNext()), "predicted next UID");
    List<String> permanent = new ArrayList<>(FlagNames.SYSTEM);
    permanent.add("\\*");
    out.untaggedOk(ResponseCode.permanentFlags(view.readOnly ? List.of() : permanent),
        view.readOnly ? "read-only mailbox" : "flags permitted");
    out.untaggedOk(ResponseCode.highestModSeq(status.highestModSeq()), "highest");
    if (session.rev2) {
      out.add(new ImapResponse.ListItem(false, List.of(), ImapSession.DELIMITER, folder.name(), List.of()));
    }
  }

  private Responses finish(Responses out, ImapCommand.Select s, SelectedMailbox view) {
    return out.ok(s.tag(), view.readOnly ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE,
        s.readOnly() ? "EXAMINE completed" : "SELECT completed");
  }

  /**
   * QRESYNC: what the client missed since its mod-sequence: VANISHED (EARLIER) for removed
   * uids it may know, then FETCH (UID FLAGS MODSEQ) for messages changed since.
   */
  private CompletionStage<SessionReply> resync(ImapCommand.Select s, SelectedMailbox view,
      long[] uids, Responses out) {
    ImapCommand.QResync q = s.qresync().get();
    return session.backend.changes(view.folderId, q.modSeq(), view.uidNext).thenApply(changes -> {
      String vanished = VanishedUids.of(changes, uids, q.knownUids().orElse(null), view.uidNext);
      if (!vanished.isEmpty()) {
        out.add(new ImapResponse.Vanished(true, vanished));
      }
      for (MessageFlags f : changes.flagsChanged()) {
        int seq = view.map.seq(f.uid());
        if (seq > 0) {
          out.add(SelectedMailbox.flagsFetch(seq, f, true, false));
        }
      }
      return SessionReply.of(finish(out, s, view).encode(session.encoder));
    });
  }
}
