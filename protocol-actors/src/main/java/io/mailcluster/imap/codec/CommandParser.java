package io.mailcluster.imap.codec;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one framed command (RFC 9051 section 9, "command") into an {@link ImapCommand}.
 * Pure: the parts come from {@link CommandDecoder}; FETCH and SEARCH arguments have their
 * own parsers, as do LIST, SELECT/EXAMINE and STORE.
 */
public final class CommandParser {

  private CommandParser() {}

  public static ImapCommand parse(List<CommandPart> parts, ImapSettings settings) throws CommandSyntaxException {
    CommandReader in = new CommandReader(parts, settings.maxNesting());
    if (parts.size() == 1 && in.tryKeyword("DONE") && in.atEnd()) {
      return new ImapCommand.Done("");
    }
    String tag = tag(in);
    in.sp();
    String name = in.word();
    ImapCommand command = name.equals("UID") ? uid(tag, in) : command(tag, name, in);
    in.end();
    return command;
  }

  /**
   * The APPEND whose message literal starts right after {@code parts}; null when the parts
   * are not an APPEND or the literal to come is its mailbox name. Size and literal kind are
   * filled in by the decoder.
   *
   * @throws CommandSyntaxException for an APPEND whose arguments are wrong, so it is
   *     refused before the client sends its message
   */
  static ImapCommand.Append appendHead(List<CommandPart> parts, ImapSettings settings)
      throws CommandSyntaxException {
    CommandReader in = new CommandReader(parts, settings.maxNesting());
    String tag;
    try {
      tag = tag(in);
      in.sp();
    } catch (CommandSyntaxException e) {
      return null; // not a command start: the whole command is refused once complete
    }
    if (!in.word().equals("APPEND")) {
      return null;
    }
    in.sp();
    if (in.atEnd()) {
      return null; // the mailbox name is this literal
    }
    String mailbox = in.mailbox();
    in.sp();
    List<String> flags = List.of();
    if (in.peek() == '(') {
      flags = in.flagList();
      in.sp();
    }
    Optional<OffsetDateTime> date = Optional.empty();
    if (in.peek() == '"') {
      date = Optional.of(DateTimeParser.dateTime(in));
      in.sp();
    }
    if (!in.atEnd()) {
      throw in.error("message literal expected");
    }
    return new ImapCommand.Append(tag, mailbox, flags, date, 0, false, true);
  }

  private static String tag(CommandReader in) throws CommandSyntaxException {
    String tag = in.atom(true);
    if (tag.indexOf('+') >= 0) {
      throw in.error("'+' in tag");
    }
    return tag;
  }

  private static ImapCommand uid(String tag, CommandReader in) throws CommandSyntaxException {
    in.sp();
    String name = in.word();
    switch (name) {
      case "FETCH": return FetchParser.fetch(tag, true, in);
      case "SEARCH": return SearchKeyParser.search(tag, true, in);
      case "STORE": return StoreParser.store(tag, true, in);
      case "COPY": return copy(tag, true, in);
      case "MOVE": return move(tag, true, in);
      case "EXPUNGE":
        in.sp();
        return new ImapCommand.Expunge(tag, Optional.of(SequenceSet.read(in)));
      default: throw in.error("unknown UID command " + name);
    }
  }

  private static ImapCommand command(String tag, String name, CommandReader in) throws CommandSyntaxException {
    switch (name) {
      case "CAPABILITY": return new ImapCommand.Capability(tag);
      case "NOOP": return new ImapCommand.Noop(tag);
      case "LOGOUT": return new ImapCommand.Logout(tag);
      case "NAMESPACE": return new ImapCommand.Namespace(tag);
      case "IDLE": return new ImapCommand.Idle(tag);
      case "CHECK": return new ImapCommand.Check(tag);
      case "CLOSE": return new ImapCommand.Close(tag);
      case "UNSELECT": return new ImapCommand.Unselect(tag);
      case "EXPUNGE": return new ImapCommand.Expunge(tag, Optional.empty());
      case "LOGIN": return login(tag, in);
      case "AUTHENTICATE": return authenticate(tag, in);
      case "ENABLE": return enable(tag, in);
      case "SELECT": return SelectParser.select(tag, false, in);
      case "EXAMINE": return SelectParser.select(tag, true, in);
      case "CREATE": return create(tag, in);
      case "DELETE": return new ImapCommand.Delete(tag, spMailbox(in));
      case "RENAME": return new ImapCommand.Rename(tag, spMailbox(in), spMailbox(in));
      case "SUBSCRIBE": return new ImapCommand.Subscribe(tag, spMailbox(in));
      case "UNSUBSCRIBE": return new ImapCommand.Unsubscribe(tag, spMailbox(in));
      case "LIST": return ListParser.list(tag, in);
      case "LSUB": return ListParser.lsub(tag, in);
      case "STATUS": return status(tag, in);
      case "APPEND": throw in.error("APPEND needs a message literal");
      case "SEARCH": return SearchKeyParser.search(tag, false, in);
      case "FETCH": return FetchParser.fetch(tag, false, in);
      case "STORE": return StoreParser.store(tag, false, in);
      case "COPY": return copy(tag, false, in);
      case "MOVE": return move(tag, false, in);
      case "ID": return id(tag, in);
      default: throw in.error("unknown command " + name);
    }
  }

  static String spMailbox(CommandReader in) throws CommandSyntaxException {
    in.sp();
    return in.mailbox();
  }

  private static ImapCommand login(String tag, CommandReader in) throws CommandSyntaxException {
    in.sp();
    String user = in.astring();
    in.sp();
    return new ImapCommand.Login(tag, user, in.astring());
  }

  private static ImapCommand authenticate(String tag, CommandReader in) throws CommandSyntaxException {
    in.sp();
    String mechanism = in.atom().toUpperCase(Locale.ROOT);
    Optional<String> initial = Optional.empty();
    if (in.tryChar(' ')) {
      initial = Optional.of(in.atom(false)); // base64 or "="
    }
    return new ImapCommand.Authenticate(tag, mechanism, initial);
  }

  private static ImapCommand enable(String tag, CommandReader in) throws CommandSyntaxException {
    List<String> caps = new ArrayList<>();
    while (in.tryChar(' ')) {
      caps.add(in.atom().toUpperCase(Locale.ROOT));
    }
    if (caps.isEmpty()) {
      throw in.error("capability expected");
    }
    return new ImapCommand.Enable(tag, List.copyOf(caps));
  }

  /** CREATE mailbox [SP "(" "USE" SP "(" use-attr ")" ")"] (RFC 6154 CREATE-SPECIAL-USE). */
  private static ImapCommand create(String tag, CommandReader in) throws CommandSyntaxException {
    String mailbox = spMailbox(in);
    List<String> use = List.of();
    if (in.tryChar(' ')) {
      in.open();
      if (!in.tryKeyword("USE")) {
        throw in.error("USE expected");
      }
      in.sp();
      use = in.flagList();
      in.close();
    }
    return new ImapCommand.Create(tag, mailbox, use);
  }

  private static ImapCommand status(String tag, CommandReader in) throws CommandSyntaxException {
    String mailbox = spMailbox(in);
    in.sp();
    return new ImapCommand.Status(tag, mailbox, statusItems(in));
  }

  /** "(" status-att *(SP status-att) ")" */
  static List<String> statusItems(CommandReader in) throws CommandSyntaxException {
    in.open();
    List<String> items = new ArrayList<>();
    for (boolean first = true; !in.tryCloseAfter(first); first = false) {
      String item = in.word();
      if (!List.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "RECENT",
          "HIGHESTMODSEQ").contains(item)) {
        throw in.error("unknown status item " + item);
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      throw in.error("status item expected");
    }
    return List.copyOf(items);
  }

  private static ImapCommand copy(String tag, boolean uid, CommandReader in) throws CommandSyntaxException {
    in.sp();
    SequenceSet set = SequenceSet.read(in);
    return new ImapCommand.Copy(tag, uid, set, spMailbox(in));
  }

  private static ImapCommand move(String tag, boolean uid, CommandReader in) throws CommandSyntaxException {
    in.sp();
    SequenceSet set = SequenceSet.read(in);
    return new ImapCommand.Move(tag, uid, set, spMailbox(in));
  }

  /** ID SP ("(" string SP nstring *(SP string SP nstring) ")" / NIL) (RFC 2971). */
  private static ImapCommand id(String tag, CommandReader in) throws CommandSyntaxException {
    in.sp();
    if (in.tryKeyword("NIL")) {
      return new ImapCommand.Id(tag, Optional.empty());
    }
    in.open();
    Map<String, String> fields = new LinkedHashMap<>();
    for (boolean first = true; !in.tryCloseAfter(first); first = false) {
      String key = in.string();
      in.sp();
      fields.put(key, in.nstring());
      if (fields.size() > 30) {
        throw in.error("too many ID fields"); // RFC 2971: at most 30
      }
    }
    return new ImapCommand.Id(tag, Optional.of(java.util.Collections.unmodifiableMap(fields)));
  }
}
