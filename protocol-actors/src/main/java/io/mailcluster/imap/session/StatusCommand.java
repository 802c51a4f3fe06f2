package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ImapResponse.StatusItem;
import io.mailcluster.imap.codec.ImapResponse.StatusValue;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.UidRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * STATUS (RFC 9051 section 6.3.11) and the STATUS lines of LIST-STATUS (RFC 5819). DELETED
 * reads the folder's index (the only item that does); RECENT is always 0 (\Recent is a
 * per-session notion here, see {@link SelectedMailbox}).
 */
final class StatusCommand {

  private final ImapSession session;

  StatusCommand(ImapSession session) {
    this.session = session;
  }

  CompletionStage<SessionReply> run(ImapCommand.Status s, String name) {
    List<StatusItem> items;
    try {
      items = items(s.items());
    } catch (IllegalArgumentException e) {
      return session.reply(new Responses().bad(s.tag(), null, "unknown STATUS item"));
    }
    return MailboxCommands.lookup(session, name).thenCompose(ref -> {
      if (ref.isEmpty()) {
        return session.reply(new Responses().no(s.tag(), ResponseCode.NONEXISTENT, "no such mailbox"));
      }
      return status(ref.get().folderId(), ref.get().name(), items).thenCompose(line ->
          session.withUpdates(true, new Responses().add(line).ok(s.tag(), "STATUS completed")));
    });
  }

  static List<StatusItem> items(List<String> names) {
    List<StatusItem> items = new ArrayList<>();
    for (String n : names) {
      items.add(StatusItem.valueOf(n.toUpperCase(Locale.ROOT)));
    }
    return items;
  }

  /** The STATUS response of one folder. */
  CompletionStage<ImapResponse> status(String folderId, String name, List<StatusItem> items) {
    CompletionStage<Long> deleted = items.contains(StatusItem.DELETED)
        ? session.backend.entries(folderId, List.of(UidRange.from(1)))
            .thenApply(all -> all.stream().filter(MessageEntry::isDeleted).count())
        : MailboxCommands.done(0L);
    return session.backend.status(folderId).thenCombine(deleted, (status, deletedCount) -> {
      List<StatusValue> values = new ArrayList<>();
      for (StatusItem item : items) {
        values.add(new StatusValue(item, value(item, status, deletedCount)));
      }
      return new ImapResponse.MailboxStatus(name, values);
    });
  }

  private static long value(StatusItem item, FolderStatus status, long deleted) {
    return switch (item) {
      case MESSAGES -> status.messages();
      case UIDNEXT -> status.uidNext();
      case UIDVALIDITY -> status.uidValidity();
      case UNSEEN -> status.unseen();
      case DELETED -> deleted;
      case SIZE -> status.totalSize();
      case RECENT -> 0;
      case HIGHESTMODSEQ -> status.highestModSeq();
    };
  }
}
