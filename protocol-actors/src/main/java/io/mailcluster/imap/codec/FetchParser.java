package io.mailcluster.imap.codec;

import io.mailcluster.imap.codec.FetchAttribute.Item;
import io.mailcluster.imap.codec.FetchAttribute.SectionText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** FETCH arguments: sequence set, items or a macro, and CHANGEDSINCE / VANISHED (RFC 7162). */
final class FetchParser {

  private FetchParser() {}

  static ImapCommand fetch(String tag, boolean uid, CommandReader in) throws CommandSyntaxException {
    in.sp();
    SequenceSet set = SequenceSet.read(in);
    in.sp();
    List<FetchAttribute> attributes = new ArrayList<>();
    if (in.peek() == '(') {
      in.open();
      for (boolean first = true; !in.tryCloseAfter(first); first = false) {
        attributes.add(attribute(in));
      }
      if (attributes.isEmpty()) {
        throw in.error("fetch item expected");
      }
    } else if (!macro(in, attributes)) {
      attributes.add(attribute(in));
    }
    OptionalLong changedSince = OptionalLong.empty();
    boolean vanished = false;
    if (in.tryChar(' ')) {
      in.open();
      for (boolean first = true; !in.tryCloseAfter(first); first = false) {
        if (in.tryKeyword("CHANGEDSINCE")) {
          in.sp();
          changedSince = OptionalLong.of(in.number());
        } else if (uid && in.tryKeyword("VANISHED")) {
          vanished = true;
        } else {
          throw in.error("unknown FETCH modifier");
        }
      }
      if (vanished && changedSince.isEmpty()) {
        throw in.error("VANISHED needs CHANGEDSINCE"); // RFC 7162 section 3.2.6
      }
    }
    return new ImapCommand.Fetch(tag, uid, set, List.copyOf(attributes), changedSince, vanished);
  }

  /** ALL, FAST and FULL, expanded (RFC 9051 section 6.4.5). */
  private static boolean macro(CommandReader in, List<FetchAttribute> out) {
    List<Item> items;
    if (in.tryKeyword("ALL")) {
      items = List.of(Item.FLAGS, Item.INTERNALDATE, Item.RFC822_SIZE, Item.ENVELOPE);
    } else if (in.tryKeyword("FAST")) {
      items = List.of(Item.FLAGS, Item.INTERNALDATE, Item.RFC822_SIZE);
    } else if (in.tryKeyword("FULL")) {
      items = List.of(Item.FLAGS, Item.INTERNALDATE, Item.RFC822_SIZE, Item.ENVELOPE, Item.BODY);
    } else {
      return false;
    }
    for (Item item : items) {
      out.add(new FetchAttribute.Simple(item));
    }
    return true;
  }

  private static FetchAttribute attribute(CommandReader in) throws CommandSyntaxException {
    String name = in.word();
    boolean bracket = in.peek() == '[';
    switch (name) {
      case "BODY":
        return bracket ? body(false, in) : new FetchAttribute.Simple(Item.BODY);
      case "BODY.PEEK":
        return body(true, in);
      case "BINARY":
      case "BINARY.PEEK": {
        List<Integer> part = binaryPart(in);
        return new FetchAttribute.Binary(name.endsWith("PEEK"), part, partial(in));
      }
      case "BINARY.SIZE":
        return new FetchAttribute.BinarySize(binaryPart(in));
      default:
        break;
    }
    if (bracket) {
      throw in.error("no section allowed after " + name);
    }
    switch (name) {
      case "FLAGS": return new FetchAttribute.Simple(Item.FLAGS);
      case "INTERNALDATE": return new FetchAttribute.Simple(Item.INTERNALDATE);
      case "RFC822.SIZE": return new FetchAttribute.Simple(Item.RFC822_SIZE);
      case "ENVELOPE": return new FetchAttribute.Simple(Item.ENVELOPE);
      case "BODYSTRUCTURE": return new FetchAttribute.Simple(Item.BODYSTRUCTURE);
      case "UID": return new FetchAttribute.Simple(Item.UID);
      case "MODSEQ": return new FetchAttribute.Simple(Item.MODSEQ);
      case "RFC822": return new FetchAttribute.Simple(Item.RFC822);
      case "RFC822.HEADER": return new FetchAttribute.Simple(Item.RFC822_HEADER);
      case "RFC822.TEXT": return new FetchAttribute.Simple(Item.RFC822_TEXT);
      default: throw in.error("unknown fetch item " + name);
    }
  }

  private static FetchAttribute body(boolean peek, CommandReader in) throws CommandSyntaxException {
    in.expect('[');
    List<Integer> part = new ArrayList<>();
    SectionText text = SectionText.ALL;
    List<String> fields = List.of();
    while (in.atDigit()) {
      part.add(partNumber(in));
      if (!in.tryChar('.')) {
        break;
      }
      if (!in.atDigit()) {
        text = sectionText(in, true);
      }
    }
    if (part.isEmpty() && in.peek() != ']') {
      text = sectionText(in, false);
    }
    if (text == SectionText.HEADER_FIELDS || text == SectionText.HEADER_FIELDS_NOT) {
      fields = headerList(in);
    }
    in.expect(']');
    return new FetchAttribute.BodySection(peek, new FetchAttribute.Section(part, text, fields), partial(in));
  }

  private static SectionText sectionText(CommandReader in, boolean mimeAllowed) throws CommandSyntaxException {
    String word = in.word();
    switch (word) {
      case "HEADER": return SectionText.HEADER;
      case "HEADER.FIELDS": return SectionText.HEADER_FIELDS;
      case "HEADER.FIELDS.NOT": return SectionText.HEADER_FIELDS_NOT;
      case "TEXT": return SectionText.TEXT;
      case "MIME":
        if (mimeAllowed) {
          return SectionText.MIME;
        }
        throw in.error("MIME needs a part number");
      default: throw in.error("bad section " + word);
    }
  }

  /** SP "(" header-fld-name *(SP header-fld-name) ")" */
  private static List<String> headerList(CommandReader in) throws CommandSyntaxException {
    in.sp();
    in.open();
    List<String> fields = new ArrayList<>();
    for (boolean first = true; !in.tryCloseAfter(first); first = false) {
      fields.add(in.astring().toUpperCase(Locale.ROOT));
    }
    if (fields.isEmpty()) {
      throw in.error("header field name expected");
    }
    return fields;
  }

  /** section-binary = "[" [section-part] "]" */
  private static List<Integer> binaryPart(CommandReader in) throws CommandSyntaxException {
    in.expect('[');
    List<Integer> part = new ArrayList<>();
    if (in.peek() != ']') {
      do {
        part.add(partNumber(in));
      } while (in.tryChar('.'));
    }
    in.expect(']');
    return List.copyOf(part);
  }

  private static int partNumber(CommandReader in) throws CommandSyntaxException {
    long n = in.nzNumber();
    if (n > Integer.MAX_VALUE) {
      throw in.error("part number too large");
    }
    return (int) n;
  }

  private static Optional<FetchAttribute.Partial> partial(CommandReader in) throws CommandSyntaxException {
    if (!in.tryChar('<')) {
      return Optional.empty();
    }
    long offset = in.number();
    in.expect('.');
    long length = in.number();
    if (length < 1) {
      throw in.error("partial length must be positive");
    }
    in.expect('>');
    return Optional.of(new FetchAttribute.Partial(offset, length));
  }
}
