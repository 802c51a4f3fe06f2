package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mailbox.CopyResult;
import io.mailcluster.mailbox.FlagMode;
import io.mailcluster.mailbox.MessageFlags;
import io.mailcluster.mailbox.StoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * The commands on the selected mailbox's messages (RFC 9051 sections 6.4.1 to 6.4.8 but FETCH
 * and SEARCH): CLOSE, UNSELECT, EXPUNGE, UID EXPUNGE (RFC 4315), STORE with UNCHANGEDSINCE
 * (RFC 7162), COPY and MOVE (RFC 6851) with COPYUID. COPY is checked against the account's quota
 * (NO [OVERQUOTA]); MOVE stays within the account and changes nothing of its usage.
 */
final class MessageCommands {

  private final ImapSession session;

  MessageCommands(ImapSession session) {
    this.session = session;
  }

  CompletionStage<SessionReply> run(ImapCommand c) {
    if (c instanceof ImapCommand.Close) {
      return close(c.tag());
    } else if (c instanceof ImapCommand.Unselect) {
      session.closeSelected();
      return session.reply(new Responses().ok(c.tag(), "UNSELECT completed"));
    } else if (c instanceof ImapCommand.Expunge e) {
      return expunge(e);
    } else if (c instanceof ImapCommand.Store s) {
      return store(s);
    } else if (c instanceof ImapCommand.Copy cp) {
      return copy(cp.tag(), cp.uid(), cp.set(), cp.mailbox(), false);
    } else if (c instanceof ImapCommand.Move m) {
      return copy(m.tag(), m.uid(), m.set(), m.mailbox(), true);
    }
    return session.reply(new Responses().bad(c.tag(), null, "command not supported"));
  }

  /** The uids a command's set names, or null when a sequence number does not exist (BAD). */
  static List<Long> targets(ImapSession session, boolean uid, SequenceSet set) {
    SelectedMailbox view = session.selected;
    if (set.saved()) {
      return new ArrayList<>(session.savedSearch.stream().filter(u -> view.map.seq(u) > 0).toList());
    }
    if (uid) {
      return view.map.uidsOfUidSet(set);
    }
    return view.map.sequencesValid(set) ? view.map.uidsOfSequences(set) : null;
  }

  static CompletionStage<SessionReply> badSet(ImapSession session, String tag) {
    return session.reply(new Responses().bad(tag, null, "no such message sequence number"));
  }

  private CompletionStage<SessionReply> close(String tag) {
    SelectedMailbox view = session.selected;
    session.closeSelected();
    if (view.readOnly) {
      return session.reply(new Responses().ok(tag, "CLOSE completed"));
    }
    // CLOSE expunges silently (RFC 9051 section 6.4.1)
    return session.backend.expunge(view.folderId, new TreeSet<>())
        .thenApply(done -> SessionReply.of(new Responses().ok(tag, "CLOSE completed").encode(session.encoder)));
  }

  private CompletionStage<SessionReply> expunge(ImapCommand.Expunge e) {
    SelectedMailbox view = session.selected;
    if (view.readOnly) {
      return session.reply(new Responses().no(e.tag(), ResponseCode.READ_ONLY, "mailbox is read-only"));
    }
    SortedSet<Long> uids = new TreeSet<>();
    if (e.uids().isPresent()) {
      uids.addAll(targets(session, true, e.uids().get()));
      if (uids.isEmpty()) {
        return session.withUpdates(true, new Responses().ok(e.tag(), "UID EXPUNGE completed"));
      }
    }
    return session.backend.expunge(view.folderId, uids).thenCompose(done -> {
      view.pendingExpunges.addAll(done.uids());
      return session.withUpdates(true, new Responses().ok(e.tag(), "EXPUNGE completed"));
    });
  }

  private CompletionStage<SessionReply> store(ImapCommand.Store s) {
    SelectedMailbox view = session.selected;
    if (view.readOnly) {
      return session.reply(new Responses().no(s.tag(), ResponseCode.READ_ONLY, "mailbox is read-only"));
    }
    SortedSet<String> flags = FlagNames.storable(s.flags());
    if (flags == null) {
      return session.reply(new Responses().bad(s.tag(), null, "a system flag that cannot be stored"));
    }
    List<Long> uids = targets(session, s.uid(), s.set());
    if (uids == null) {
      return badSet(session, s.tag());
    }
    if (s.unchangedSince().isPresent()) {
      session.condStore = true; // RFC 7162 section 3.1: a CONDSTORE-enabling command
    }
    FlagMode mode = switch (s.mode()) {
      case ADD -> FlagMode.ADD;
      case REMOVE -> FlagMode.REMOVE;
      case REPLACE -> FlagMode.REPLACE;
    };
    long before = view.highestModSeq;
    return session.backend.store(view.folderId, new TreeSet<>(uids), mode, flags, s.unchangedSince())
        .thenCompose(result -> {
          Responses out = new Responses();
          if (!s.silent() || s.unchangedSince().isPresent()) {
            fetchLines(out, view, result, s.uid(), s.silent());
          }
          if (result.highestModSeq() == before + 1) {
            view.highestModSeq = result.highestModSeq(); // only this store happened meanwhile
          }
          Responses tail = new Responses();
          if (!result.failed().isEmpty()) {
            List<Long> failed = new ArrayList<>(result.failed());
            String set = s.uid() ? UidMap.compact(failed) : UidMap.compact(seqs(view, failed));
            tail.ok(s.tag(), ResponseCode.modified(set), "conditional STORE failed for some messages");
          } else {
            tail.ok(s.tag(), "STORE completed");
          }
          return session.withUpdates(s.uid(), tail).thenApply(rest ->
              new SessionReply(SessionReply.of(out.encode(session.encoder)).output().concat(rest.output()),
                  rest.close(), false));
        });
  }

  /** FETCH lines for a STORE: flags unless SILENT, MODSEQ with CONDSTORE, UID for UID STORE. */
  private void fetchLines(Responses out, SelectedMailbox view, StoreResult result, boolean uid, boolean silent) {
    for (MessageFlags f : result.messages()) {
      int seq = view.map.seq(f.uid());
      if (seq == 0) {
        continue;
      }
      List<FetchItem> items = new ArrayList<>();
      if (uid || session.qresync) {
        items.add(new FetchItem.Uid(f.uid()));
      }
      if (!silent) {
        items.add(new FetchItem.Flags(FlagNames.withRecent(f.flags(),
            !session.rev2 && view.recent.contains(f.uid()))));
      }
      if (session.condStore) {
        items.add(new FetchItem.ModSeq(f.modSeq()));
      }
      if (!items.isEmpty()) {
        out.add(new ImapResponse.Fetch(seq, items));
      }
    }
  }

  private static List<Long> seqs(SelectedMailbox view, List<Long> uids) {
    List<Long> out = new ArrayList<>();
    for (long uid : uids) {
      int seq = view.map.seq(uid);
      if (seq > 0) {
        out.add((long) seq);
      }
    }
    out.sort(Long::compare);
    return out;
  }

  private CompletionStage<SessionReply> copy(String tag, boolean uid, SequenceSet set, String mailbox, boolean move) {
    SelectedMailbox view = session.selected;
    String command = move ? "MOVE" : "COPY";
    if (move && view.readOnly) {
      return session.reply(new Responses().no(tag, ResponseCode.READ_ONLY, "mailbox is read-only"));
    }
    List<Long> uids = targets(session, uid, set);
    if (uids == null) {
      return badSet(session, tag);
    }
    var name = session.mailboxName(mailbox);
    if (name.isEmpty()) {
      return session.reply(new Responses().bad(tag, null, "invalid mailbox name"));
    }
    return MailboxCommands.lookup(session, name.get()).thenCompose(target -> {
      if (target.isEmpty()) {
        return session.reply(new Responses().no(tag, ResponseCode.TRYCREATE, "no such mailbox"));
      }
      if (uids.isEmpty()) {
        return session.withUpdates(true, new Responses().ok(tag, command + " completed"));
      }
      String to = target.get().folderId();
      if (move) {
        return session.backend.move(view.folderId, to, uids)
            .thenCompose(result -> copied(tag, command, true, view, result));
      }
      return QuotaGuard.admitsCopy(session, view.folderId, uids).thenCompose(fits -> fits
          ? session.backend.copy(view.folderId, to, uids)
              .thenCompose(result -> copied(tag, command, false, view, result))
          : session.reply(new Responses().add(QuotaGuard.overQuota(tag, command))));
    });
  }

  private CompletionStage<SessionReply> copied(String tag, String command, boolean move,
      SelectedMailbox view, CopyResult result) {
    ResponseCode code = null;
    if (!result.copied().isEmpty()) {
      List<Long> from = result.copied().stream().map(CopyResult.Copied::sourceUid).toList();
      List<Long> to = result.copied().stream().map(CopyResult.Copied::targetUid).toList();
      code = ResponseCode.copyUid(result.targetUidValidity(), uidList(from), uidList(to));
    }
    if (!move) {
      return session.withUpdates(true, new Responses().ok(tag, code, command + " completed"));
    }
    Responses head = new Responses();
    if (code != null) {
      head.untaggedOk(code, "moved");
    }
    for (CopyResult.Copied c : result.copied()) {
      view.pendingExpunges.add(c.sourceUid());
    }
    return session.withUpdates(true, new Responses().ok(tag, command + " completed"))
        .thenApply(rest -> new SessionReply(
            SessionReply.of(head.encode(session.encoder)).output().concat(rest.output()), rest.close(), false));
  }

  /** COPYUID sets keep the order of the pairs, so no ranges that would reorder them. */
  private static String uidList(List<Long> uids) {
    return String.join(",", uids.stream().map(String::valueOf).toList());
  }
}
