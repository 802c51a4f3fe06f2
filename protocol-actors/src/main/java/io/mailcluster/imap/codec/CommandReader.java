package io.mailcluster.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cursor over the parts of one framed command with the lexical rules of RFC 9051
 * section 9 (atoms, quoted strings, literals, numbers, parentheses). Parsers read tokens
 * from it; every read either consumes input or throws {@link CommandSyntaxException}.
 */
final class CommandReader {

  private static final String ATOM_SPECIALS = "(){ %*\"\\]";

  private final List<CommandPart> parts;
  private final int maxNesting;
  private int part;
  private int pos;
  private int depth;

  CommandReader(List<CommandPart> parts, int maxNesting) {
    this.parts = parts;
    this.maxNesting = maxNesting;
  }

  int maxNesting() {
    return maxNesting;
  }

  private String text() {
    return part < parts.size() && parts.get(part) instanceof CommandPart.Text t ? t.text() : "";
  }

  /** The next character of the current line, or -1 at its end (or at a literal). */
  int peek() {
    String t = text();
    return pos < t.length() ? t.charAt(pos) : -1;
  }

  boolean atEnd() {
    return peek() < 0 && !atLiteral() && part >= parts.size() - 1;
  }

  void end() throws CommandSyntaxException {
    if (!atEnd()) {
      throw error("unexpected text after the command");
    }
  }

  boolean atLiteral() {
    return peek() < 0 && part + 1 < parts.size() && parts.get(part + 1) instanceof CommandPart.Literal;
  }

  CommandPart.Literal literal() throws CommandSyntaxException {
    if (!atLiteral()) {
      throw error("literal expected");
    }
    CommandPart.Literal lit = (CommandPart.Literal) parts.get(part + 1);
    part += 2; // the line continues after the literal
    pos = 0;
    return lit;
  }

  boolean tryChar(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c) throws CommandSyntaxException {
    if (!tryChar(c)) {
      throw error("'" + c + "' expected");
    }
  }

  void sp() throws CommandSyntaxException {
    expect(' ');
  }

  static boolean isAtomChar(int c) {
    return c > 0x20 && c < 0x7f && ATOM_SPECIALS.indexOf(c) < 0;
  }

  /** 1*ATOM-CHAR, plus ']' when {@code bracket} (ASTRING-CHAR). */
  String atom(boolean bracket) throws CommandSyntaxException {
    String t = text();
    int start = pos;
    while (pos < t.length() && (isAtomChar(t.charAt(pos)) || (bracket && t.charAt(pos) == ']'))) {
      pos++;
    }
    if (pos == start) {
      throw error("atom expected");
    }
    return t.substring(start, pos);
  }

  String atom() throws CommandSyntaxException {
    return atom(false);
  }

  /** An atom made of letters, digits, '.', '-' and '_' only: keywords such as BODY.PEEK. */
  String word() {
    String t = text();
    int start = pos;
    while (pos < t.length() && (Character.isLetterOrDigit(t.charAt(pos)) || ".-_".indexOf(t.charAt(pos)) >= 0)
        && t.charAt(pos) < 0x80) {
      pos++;
    }
    return t.substring(start, pos).toUpperCase(Locale.ROOT);
  }

  /** Consumes {@code keyword} (case-insensitive) when it is the next whole word. */
  boolean tryKeyword(String keyword) {
    String t = text();
    int end = pos + keyword.length();
    if (end <= t.length() && t.regionMatches(true, pos, keyword, 0, keyword.length())
        && (end == t.length() || !isAtomChar(t.charAt(end)) || t.charAt(end) == '[')) {
      pos = end;
      return true;
    }
    return false;
  }

  String quoted() throws CommandSyntaxException {
    expect('"');
    StringBuilder out = new StringBuilder();
    String t = text();
    while (pos < t.length()) {
      char c = t.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        if (pos >= t.length() || (t.charAt(pos) != '"' && t.charAt(pos) != '\\')) {
          throw error("bad escape in quoted string");
        }
        c = t.charAt(pos++);
      }
      out.append(c);
    }
    throw error("unterminated quoted string");
  }

  boolean atString() {
    return peek() == '"' || atLiteral();
  }

  String string() throws CommandSyntaxException {
    if (atLiteral()) {
      return literal().bytes().decodeString(StandardCharsets.UTF_8);
    }
    return quoted();
  }

  String astring() throws CommandSyntaxException {
    return atString() ? string() : atom(true);
  }

  /** nstring: NIL gives null. */
  String nstring() throws CommandSyntaxException {
    return tryKeyword("NIL") ? null : string();
  }

  /** A mailbox name, raw; INBOX in any case is INBOX (RFC 9051 section 5.1). */
  String mailbox() throws CommandSyntaxException {
    String name = astring();
    return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
  }

  /** list-mailbox: like an astring but '%' and '*' are allowed unquoted. */
  String listMailbox() throws CommandSyntaxException {
    if (atString()) {
      return string();
    }
    String t = text();
    int start = pos;
    while (pos < t.length() && (isAtomChar(t.charAt(pos)) || "%*]".indexOf(t.charAt(pos)) >= 0)) {
      pos++;
    }
    if (pos == start) {
      throw error("mailbox pattern expected");
    }
    return t.substring(start, pos);
  }

  boolean atDigit() {
    int c = peek();
    return c >= '0' && c <= '9';
  }

  /** number64 (RFC 9051): up to 2^63-1. */
  long number() throws CommandSyntaxException {
    if (!atDigit()) {
      throw error("number expected");
    }
    long n = 0;
    while (atDigit()) {
      int d = peek() - '0';
      if (n > (Long.MAX_VALUE - d) / 10) {
        throw error("number too large");
      }
      n = n * 10 + d;
      pos++;
    }
    return n;
  }

  /** nz-number: 1 to 2^32-1. */
  long nzNumber() throws CommandSyntaxException {
    long n = number();
    if (n < 1 || n > 0xFFFF_FFFFL) {
      throw error("number out of range: " + n);
    }
    return n;
  }

  void open() throws CommandSyntaxException {
    expect('(');
    if (++depth > maxNesting) {
      throw new CommandSyntaxException(CommandError.NESTING_TOO_DEEP, "parentheses nested too deep");
    }
  }

  void close() throws CommandSyntaxException {
    expect(')');
    depth--;
  }

  /** A flag: \Name or a keyword atom. */
  String flag() throws CommandSyntaxException {
    if (tryChar('\\')) {
      return "\\" + atom();
    }
    return atom();
  }

  /** "(" [flag *(SP flag)] ")" */
  List<String> flagList() throws CommandSyntaxException {
    open();
    List<String> flags = new ArrayList<>();
    while (!tryCloseAfter(flags.isEmpty())) {
      flags.add(flag());
    }
    return List.copyOf(flags);
  }

  /** In a space-separated list: true (and consumed) at ')'; else eats the separating SP. */
  boolean tryCloseAfter(boolean first) throws CommandSyntaxException {
    if (peek() == ')') {
      close();
      return true;
    }
    if (!first) {
      sp();
    }
    return false;
  }

  CommandSyntaxException error(String detail) {
    return new CommandSyntaxException(CommandError.SYNTAX, detail + " at " + where());
  }

  private String where() {
    return "line " + (part / 2 + 1) + " column " + (pos + 1);
  }
}
