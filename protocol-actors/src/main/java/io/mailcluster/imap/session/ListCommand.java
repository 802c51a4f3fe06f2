package io.mailcluster.imap.session;

import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ImapResponse.StatusItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * LIST with LIST-EXTENDED (RFC 5258: selection SUBSCRIBED, SPECIAL-USE, RECURSIVEMATCH; return
 * SUBSCRIBED, CHILDREN, SPECIAL-USE), LIST-STATUS (RFC 5819), and LSUB. Special-use attributes
 * and \HasChildren/\HasNoChildren are always sent (RFC 9051 requires the latter). Every name
 * of the tree exists (parents are created with their children), so \NonExistent appears only
 * for a name matched by RECURSIVEMATCH.
 */
final class ListCommand {

  private final ImapSession session;

  ListCommand(ImapSession session) {
    this.session = session;
  }

  CompletionStage<SessionReply> list(ImapCommand.ListMailboxes l) {
    Optional<String> reference = session.mailboxName(l.reference());
    List<ListPattern> patterns = new ArrayList<>();
    for (String raw : l.patterns()) {
      Optional<String> p = session.mailboxName(raw);
      if (p.isEmpty() || reference.isEmpty()) {
        return session.reply(new Responses().bad(l.tag(), null, "invalid mailbox name or pattern"));
      }
      patterns.add(new ListPattern(reference.get(), p.get()));
    }
    List<StatusItem> statusItems;
    try {
      statusItems = StatusCommand.items(l.statusItems());
    } catch (IllegalArgumentException e) {
      return session.reply(new Responses().bad(l.tag(), null, "unknown STATUS item"));
    }
    boolean subscribedOnly = l.selection().contains("SUBSCRIBED");
    boolean specialUseOnly = l.selection().contains("SPECIAL-USE");
    boolean recursive = l.selection().contains("RECURSIVEMATCH");
    boolean showSubscribed = subscribedOnly || l.returnOptions().contains("SUBSCRIBED");
    if (l.patterns().size() == 1 && l.patterns().get(0).isEmpty() && l.selection().isEmpty()) {
      // LIST "" "": the hierarchy delimiter and root (RFC 9051 section 6.3.9)
      return session.reply(new Responses()
          .add(new ImapResponse.ListItem(false, List.of("\\Noselect"), ImapSession.DELIMITER, "", List.of()))
          .ok(l.tag(), "LIST completed"));
    }
    return session.backend.folders(session.account).thenCompose(tree -> {
      List<ImapResponse.ListItem> items = new ArrayList<>();
      List<FolderRef> listed = new ArrayList<>();
      for (FolderRef f : tree.folders()) {
        if (patterns.stream().noneMatch(p -> p.matches(f.name()))) {
          continue;
        }
        boolean selected = (!subscribedOnly || f.subscribed()) && (!specialUseOnly || f.specialUse() != null);
        List<ImapResponse.ListExtension> ext = new ArrayList<>();
        if (!selected) {
          if (recursive && subscribedOnly && hasSubscribedChild(tree, f)) {
            ext.add(new ImapResponse.ChildInfo(List.of("SUBSCRIBED")));
          } else {
            continue;
          }
        }
        items.add(new ImapResponse.ListItem(false, attributes(tree, f, showSubscribed),
            ImapSession.DELIMITER, f.name(), ext));
        listed.add(f);
      }
      return withStatus(l.tag(), items, listed, statusItems);
    });
  }

  private CompletionStage<SessionReply> withStatus(String tag, List<ImapResponse.ListItem> items,
      List<FolderRef> listed, List<StatusItem> statusItems) {
    Responses out = new Responses();
    CompletionStage<Responses> done = MailboxCommands.done(out);
    StatusCommand status = new StatusCommand(session);
    for (int i = 0; i < items.size(); i++) {
      ImapResponse.ListItem item = items.get(i);
      FolderRef folder = listed.get(i);
      done = done.thenApply(o -> o.add(item));
      if (!statusItems.isEmpty()) {
        // a folder that vanished meanwhile just gets no STATUS line (RFC 5819 section 3)
        done = done.thenCompose(o -> status.status(folder.folderId(), folder.name(), statusItems)
            .handle((line, failure) -> failure == null ? o.add(line) : o));
      }
    }
    return done.thenCompose(o -> session.withUpdates(true, o.ok(tag, "LIST completed")));
  }

  CompletionStage<SessionReply> lsub(ImapCommand.Lsub l) {
    Optional<String> reference = session.mailboxName(l.reference());
    Optional<String> pattern = session.mailboxName(l.pattern());
    if (reference.isEmpty() || pattern.isEmpty()) {
      return session.reply(new Responses().bad(l.tag(), null, "invalid mailbox name or pattern"));
    }
    ListPattern p = new ListPattern(reference.get(), pattern.get());
    return session.backend.folders(session.account).thenCompose(tree -> {
      Responses out = new Responses();
      for (FolderRef f : tree.folders()) {
        if (f.subscribed() && p.matches(f.name())) {
          out.add(new ImapResponse.ListItem(true, List.of(), ImapSession.DELIMITER, f.name(), List.of()));
        }
      }
      return session.withUpdates(true, out.ok(l.tag(), "LSUB completed"));
    });
  }

  private static List<String> attributes(FolderTree tree, FolderRef f, boolean showSubscribed) {
    List<String> attributes = new ArrayList<>();
    attributes.add(hasChildren(tree, f) ? "\\HasChildren" : "\\HasNoChildren");
    if (f.specialUse() != null) {
      attributes.add(f.specialUse());
    }
    if (showSubscribed && f.subscribed()) {
      attributes.add("\\Subscribed");
    }
    return attributes;
  }

  private static boolean hasChildren(FolderTree tree, FolderRef f) {
    String prefix = f.name() + ImapSession.DELIMITER;
    return tree.folders().stream().anyMatch(o -> o.name().startsWith(prefix));
  }

  private static boolean hasSubscribedChild(FolderTree tree, FolderRef f) {
    String prefix = f.name() + ImapSession.DELIMITER;
    return tree.folders().stream().anyMatch(o -> o.subscribed() && o.name().startsWith(prefix));
  }
}
