package io.mailcluster.imap.codec;

import java.util.Optional;

/** SELECT and EXAMINE with their CONDSTORE and QRESYNC parameters (RFC 7162). */
final class SelectParser {

  private SelectParser() {}

  /** select-param: CONDSTORE (RFC 7162 3.1.8) / QRESYNC (3.2.5). */
  static ImapCommand select(String tag, boolean readOnly, CommandReader in) throws CommandSyntaxException {
    String mailbox = CommandParser.spMailbox(in);
    boolean condStore = false;
    Optional<ImapCommand.QResync> qresync = Optional.empty();
    if (in.tryChar(' ')) {
      in.open();
      for (boolean first = true; !in.tryCloseAfter(first); first = false) {
        String param = in.word();
        if (param.equals("CONDSTORE")) {
          condStore = true;
        } else if (param.equals("QRESYNC") && qresync.isEmpty()) {
          in.sp();
          qresync = Optional.of(qresync(in));
        } else {
          throw in.error("unknown SELECT parameter " + param);
        }
      }
    }
    return new ImapCommand.Select(tag, mailbox, readOnly, condStore, qresync);
  }

  private static ImapCommand.QResync qresync(CommandReader in) throws CommandSyntaxException {
    in.open();
    long uidValidity = in.nzNumber();
    in.sp();
    long modSeq = in.number();
    Optional<SequenceSet> known = Optional.empty();
    Optional<SequenceSet> seqMatch = Optional.empty();
    Optional<SequenceSet> uidMatch = Optional.empty();
    if (in.tryChar(' ')) {
      if (in.peek() != '(') {
        known = Optional.of(SequenceSet.read(in));
        if (in.tryChar(' ') && in.peek() != '(') {
          throw in.error("'(' expected");
        }
      }
      if (in.peek() == '(') {
        in.open();
        seqMatch = Optional.of(SequenceSet.read(in));
        in.sp();
        uidMatch = Optional.of(SequenceSet.read(in));
        in.close();
      }
    }
    in.close();
    return new ImapCommand.QResync(uidValidity, modSeq, known, seqMatch, uidMatch);
  }
}
