package io.mailcluster.imap.codec;

import java.util.ArrayList;
import java.util.List;

/** LIST with LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE (RFC 6154); LSUB. */
final class ListParser {

  private static final List<String> SELECTION =
      List.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
  private static final List<String> RETURN = List.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");

  private ListParser() {}

  static ImapCommand list(String tag, CommandReader in) throws CommandSyntaxException {
    in.sp();
    List<String> selection = List.of();
    if (in.peek() == '(') {
      selection = options(in, SELECTION);
      if (selection.contains("RECURSIVEMATCH") && selection.size() == 1) {
        throw in.error("RECURSIVEMATCH needs another selection option"); // RFC 5258 section 3.1
      }
      in.sp();
    }
    String reference = in.mailbox();
    in.sp();
    List<String> patterns = new ArrayList<>();
    if (in.peek() == '(') {
      in.open();
      for (boolean first = true; !in.tryCloseAfter(first); first = false) {
        patterns.add(in.listMailbox());
      }
      if (patterns.isEmpty()) {
        throw in.error("mailbox pattern expected");
      }
    } else {
      patterns.add(in.listMailbox());
    }
    List<String> returns = List.of();
    List<String> statusItems = List.of();
    if (in.tryChar(' ')) {
      if (!in.tryKeyword("RETURN")) {
        throw in.error("RETURN expected");
      }
      in.sp();
      in.open();
      List<String> opts = new ArrayList<>();
      for (boolean first = true; !in.tryCloseAfter(first); first = false) {
        String opt = option(in, RETURN);
        if (opt.equals("STATUS")) {
          in.sp();
          statusItems = CommandParser.statusItems(in);
        }
        opts.add(opt);
      }
      returns = List.copyOf(opts);
    }
    return new ImapCommand.ListMailboxes(tag, selection, reference, List.copyOf(patterns), returns, statusItems);
  }

  static ImapCommand lsub(String tag, CommandReader in) throws CommandSyntaxException {
    in.sp();
    String reference = in.mailbox();
    in.sp();
    return new ImapCommand.Lsub(tag, reference, in.listMailbox());
  }

  private static List<String> options(CommandReader in, List<String> known) throws CommandSyntaxException {
    in.open();
    List<String> opts = new ArrayList<>();
    for (boolean first = true; !in.tryCloseAfter(first); first = false) {
      opts.add(option(in, known));
    }
    return List.copyOf(opts);
  }

  private static String option(CommandReader in, List<String> known) throws CommandSyntaxException {
    String opt = in.word();
    if (!known.contains(opt)) {
      throw in.error("unknown LIST option " + opt);
    }
    return opt;
  }
}
