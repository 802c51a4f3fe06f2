package io.mailcluster.imap.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** STORE / UID STORE: FLAGS, +FLAGS, -FLAGS, .SILENT and UNCHANGEDSINCE (RFC 7162). */
final class StoreParser {

  private StoreParser() {}

  /** STORE set [SP "(" UNCHANGEDSINCE n ")"] SP ["+"/"-"] "FLAGS" [".SILENT"] SP flags */
  static ImapCommand store(String tag, boolean uid, CommandReader in) throws CommandSyntaxException {
    in.sp();
    SequenceSet set = SequenceSet.read(in);
    in.sp();
    OptionalLong unchangedSince = OptionalLong.empty();
    if (in.peek() == '(') {
      in.open();
      if (!in.tryKeyword("UNCHANGEDSINCE")) {
        throw in.error("UNCHANGEDSINCE expected");
      }
      in.sp();
      unchangedSince = OptionalLong.of(in.number());
      in.close();
      in.sp();
    }
    ImapCommand.StoreMode mode = in.tryChar('+') ? ImapCommand.StoreMode.ADD
        : in.tryChar('-') ? ImapCommand.StoreMode.REMOVE : ImapCommand.StoreMode.REPLACE;
    String item = in.word();
    boolean silent = item.equals("FLAGS.SILENT");
    if (!silent && !item.equals("FLAGS")) {
      throw in.error("FLAGS expected");
    }
    in.sp();
    List<String> flags;
    if (in.peek() == '(') {
      flags = in.flagList();
    } else {
      List<String> list = new ArrayList<>();
      do {
        list.add(in.flag());
      } while (in.tryChar(' '));
      flags = List.copyOf(list);
    }
    return new ImapCommand.Store(tag, uid, set, unchangedSince, mode, silent, flags);
  }
}
