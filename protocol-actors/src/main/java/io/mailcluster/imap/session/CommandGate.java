package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.session.ImapSession.State;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which session states allow which command (RFC 9051 section 6): one table, one answer (BAD)
 * for a command sent in the wrong state.
 */
final class CommandGate {

  private static final Set<State> ANY =
      EnumSet.of(State.NOT_AUTHENTICATED, State.AUTHENTICATED, State.SELECTED);
  private static final Set<State> NOT_AUTHENTICATED = EnumSet.of(State.NOT_AUTHENTICATED);
  private static final Set<State> AUTHENTICATED = EnumSet.of(State.AUTHENTICATED, State.SELECTED);
  private static final Set<State> SELECTED = EnumSet.of(State.SELECTED);

  private static final Map<Class<? extends ImapCommand>, Set<State>> ALLOWED = Map.ofEntries(
      Map.entry(ImapCommand.Capability.class, ANY),
      Map.entry(ImapCommand.Noop.class, ANY),
      Map.entry(ImapCommand.Logout.class, ANY),
      Map.entry(ImapCommand.Id.class, ANY),
      Map.entry(ImapCommand.Done.class, ANY),
      Map.entry(ImapCommand.Login.class, NOT_AUTHENTICATED),
      Map.entry(ImapCommand.Authenticate.class, NOT_AUTHENTICATED),
      // RFC 5161 allows ENABLE only before SELECT; we take it in selected state too
      Map.entry(ImapCommand.Enable.class, AUTHENTICATED),
      Map.entry(ImapCommand.Select.class, AUTHENTICATED),
      Map.entry(ImapCommand.Create.class, AUTHENTICATED),
      Map.entry(ImapCommand.Delete.class, AUTHENTICATED),
      Map.entry(ImapCommand.Rename.class, AUTHENTICATED),
      Map.entry(ImapCommand.Subscribe.class, AUTHENTICATED),
      Map.entry(ImapCommand.Unsubscribe.class, AUTHENTICATED),
      Map.entry(ImapCommand.ListMailboxes.class, AUTHENTICATED),
      Map.entry(ImapCommand.Lsub.class, AUTHENTICATED),
      Map.entry(ImapCommand.Namespace.class, AUTHENTICATED),
      Map.entry(ImapCommand.Status.class, AUTHENTICATED),
      Map.entry(ImapCommand.Append.class, AUTHENTICATED),
      Map.entry(ImapCommand.Idle.class, AUTHENTICATED),
      Map.entry(ImapCommand.Check.class, SELECTED),
      Map.entry(ImapCommand.Close.class, SELECTED),
      Map.entry(ImapCommand.Unselect.class, SELECTED),
      Map.entry(ImapCommand.Expunge.class, SELECTED),
      Map.entry(ImapCommand.Search.class, SELECTED),
      Map.entry(ImapCommand.Fetch.class, SELECTED),
      Map.entry(ImapCommand.Store.class, SELECTED),
      Map.entry(ImapCommand.Copy.class, SELECTED),
      Map.entry(ImapCommand.Move.class, SELECTED));

  private CommandGate() {}

  /** Null when {@code command} may run in {@code state}, else the text of the BAD. */
  static String refusal(ImapCommand command, State state) {
    Set<State> allowed = ALLOWED.get(command.getClass());
    if (allowed == null || allowed.contains(state)) {
      return null;
    }
    if (state == State.NOT_AUTHENTICATED) {
      return "log in first";
    }
    if (allowed.equals(SELECTED)) {
      return "no mailbox selected";
    }
    return "already logged in";
  }
}
