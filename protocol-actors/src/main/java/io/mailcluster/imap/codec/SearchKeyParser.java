package io.mailcluster.imap.codec;

import io.mailcluster.imap.codec.SearchKey.DateField;
import io.mailcluster.imap.codec.SearchKey.DateRelation;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** SEARCH arguments: ESEARCH RETURN options (RFC 4731, RFC 5182 SAVE), CHARSET, the key tree. */
final class SearchKeyParser {

  /** NOT and OR nest without parentheses; each level of max-nesting allows this many. */
  private static final int KEY_DEPTH_PER_NESTING = 4;

  private static final List<String> RETURN = List.of("MIN", "MAX", "ALL", "COUNT", "SAVE");

  private final CommandReader in;
  private final Charset charset;
  private final int maxDepth;

  private SearchKeyParser(CommandReader in, Charset charset, int maxDepth) {
    this.in = in;
    this.charset = charset;
    this.maxDepth = maxDepth;
  }

  static ImapCommand search(String tag, boolean uid, CommandReader in) throws CommandSyntaxException {
    in.sp();
    Optional<List<String>> returns = Optional.empty();
    if (in.tryKeyword("RETURN")) {
      in.sp();
      in.open();
      List<String> opts = new ArrayList<>();
      for (boolean first = true; !in.tryCloseAfter(first); first = false) {
        String opt = in.word();
        if (!RETURN.contains(opt)) {
          throw in.error("unknown RETURN option " + opt);
        }
        opts.add(opt);
      }
      returns = Optional.of(List.copyOf(opts));
      in.sp();
    }
    Optional<String> charsetName = Optional.empty();
    Charset charset = java.nio.charset.StandardCharsets.UTF_8;
    if (in.tryKeyword("CHARSET")) {
      in.sp();
      String name = in.astring();
      charsetName = Optional.of(name.toUpperCase(Locale.ROOT));
      charset = charset(name);
      in.sp();
    }
    SearchKeyParser parser = new SearchKeyParser(in, charset, in.maxNesting() * KEY_DEPTH_PER_NESTING);
    List<SearchKey> keys = new ArrayList<>();
    do {
      keys.add(parser.key(0));
    } while (in.tryChar(' '));
    SearchKey key = keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    return new ImapCommand.Search(tag, uid, charsetName, returns, key);
  }

  private static Charset charset(String name) throws CommandSyntaxException {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
      throw new CommandSyntaxException(CommandError.BAD_CHARSET, "unsupported charset " + name);
    }
  }

  private SearchKey key(int depth) throws CommandSyntaxException {
    if (depth > maxDepth) {
      throw new CommandSyntaxException(CommandError.NESTING_TOO_DEEP, "search keys nested too deep");
    }
    if (in.peek() == '(') {
      in.open();
      List<SearchKey> keys = new ArrayList<>();
      do {
        keys.add(key(depth + 1));
      } while (in.tryChar(' '));
      in.close();
      return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }
    if (SequenceSet.startsAt(in)) {
      return new SearchKey.Sequence(SequenceSet.read(in));
    }
    String name = in.word();
    switch (name) {
      case "ALL": return new SearchKey.All();
      case "ANSWERED": return new SearchKey.Flag("\\Answered", true);
      case "DELETED": return new SearchKey.Flag("\\Deleted", true);
      case "DRAFT": return new SearchKey.Flag("\\Draft", true);
      case "FLAGGED": return new SearchKey.Flag("\\Flagged", true);
      case "SEEN": return new SearchKey.Flag("\\Seen", true);
      case "RECENT": return new SearchKey.Flag("\\Recent", true);
      case "UNANSWERED": return new SearchKey.Flag("\\Answered", false);
      case "UNDELETED": return new SearchKey.Flag("\\Deleted", false);
      case "UNDRAFT": return new SearchKey.Flag("\\Draft", false);
      case "UNFLAGGED": return new SearchKey.Flag("\\Flagged", false);
      case "UNSEEN": return new SearchKey.Flag("\\Seen", false);
      case "KEYWORD": return new SearchKey.Flag(spAtom(), true);
      case "UNKEYWORD": return new SearchKey.Flag(spAtom(), false);
      case "NEW": return new SearchKey.New();
      case "OLD": return new SearchKey.Old();
      case "FROM": case "TO": case "CC": case "BCC": case "SUBJECT":
        return new SearchKey.Header(name, spString());
      case "HEADER": {
        String field = spString().toUpperCase(Locale.ROOT);
        return new SearchKey.Header(field, spString());
      }
      case "BODY": return new SearchKey.Body(spString());
      case "TEXT": return new SearchKey.Text(spString());
      case "BEFORE": return date(DateField.INTERNAL, DateRelation.BEFORE);
      case "ON": return date(DateField.INTERNAL, DateRelation.ON);
      case "SINCE": return date(DateField.INTERNAL, DateRelation.SINCE);
      case "SENTBEFORE": return date(DateField.SENT, DateRelation.BEFORE);
      case "SENTON": return date(DateField.SENT, DateRelation.ON);
      case "SENTSINCE": return date(DateField.SENT, DateRelation.SINCE);
      case "LARGER": in.sp(); return new SearchKey.Size(true, in.number());
      case "SMALLER": in.sp(); return new SearchKey.Size(false, in.number());
      case "UID": in.sp(); return new SearchKey.Uid(SequenceSet.read(in));
      case "NOT": in.sp(); return new SearchKey.Not(key(depth + 1));
      case "OR": {
        in.sp();
        SearchKey left = key(depth + 1);
        in.sp();
        return new SearchKey.Or(left, key(depth + 1));
      }
      case "MODSEQ": return modSeq();
      default: throw in.error("unknown search key " + name);
    }
  }

  private String spAtom() throws CommandSyntaxException {
    in.sp();
    return in.atom();
  }

  /** astring; a literal is decoded with the CHARSET the client named. */
  private String spString() throws CommandSyntaxException {
    in.sp();
    if (in.atLiteral()) {
      return in.literal().bytes().decodeString(charset);
    }
    return in.astring();
  }

  private SearchKey date(DateField field, DateRelation relation) throws CommandSyntaxException {
    in.sp();
    return new SearchKey.Date(field, relation, DateTimeParser.date(in));
  }

  /** MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer */
  private SearchKey modSeq() throws CommandSyntaxException {
    in.sp();
    Optional<String> name = Optional.empty();
    Optional<String> type = Optional.empty();
    if (!in.atDigit()) {
      name = Optional.of(in.string());
      in.sp();
      String t = in.word();
      if (!List.of("PRIV", "SHARED", "ALL").contains(t)) {
        throw in.error("bad entry type " + t);
      }
      type = Optional.of(t);
      in.sp();
    }
    return new SearchKey.ModSeq(name, type, in.number());
  }
}
