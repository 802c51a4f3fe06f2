package io.mailcluster.pop3.codec;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Parses one POP3 command line (without its line end). Keywords are case-insensitive and
 * separated from their arguments by a single space (RFC 1939 section 3); PASS takes the rest
 * of the line so that passwords may contain spaces.
 */
public final class Pop3Parser {

  /** Message numbers beyond this many digits cannot be valid (int range). */
  private static final int MAX_NUMBER_DIGITS = 9;

  private Pop3Parser() {}

  public static Pop3Command parse(String line) {
    int space = line.indexOf(' ');
    String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String rest = space < 0 ? "" : line.substring(space + 1);
    String[] args = rest.isEmpty() ? new String[0] : rest.split(" ", -1);
    return switch (keyword) {
      case "CAPA" -> none(args, new Pop3Command.Capa());
      case "STAT" -> none(args, new Pop3Command.Stat());
      case "NOOP" -> none(args, new Pop3Command.Noop());
      case "RSET" -> none(args, new Pop3Command.Rset());
      case "QUIT" -> none(args, new Pop3Command.Quit());
      case "USER" -> args.length == 1 && !args[0].isEmpty()
          ? new Pop3Command.User(args[0]) : invalid("USER takes one user name");
      case "PASS" -> space < 0 ? invalid("PASS takes a password") : new Pop3Command.Pass(rest);
      case "AUTH" -> auth(args);
      case "LIST" -> optionalNumber(args, "LIST", n -> new Pop3Command.ListMessages(n));
      case "UIDL" -> optionalNumber(args, "UIDL", n -> new Pop3Command.Uidl(n));
      case "RETR" -> oneNumber(args, "RETR", n -> new Pop3Command.Retr(n));
      case "DELE" -> oneNumber(args, "DELE", n -> new Pop3Command.Dele(n));
      case "TOP" -> top(args);
      default -> new Pop3Command.Unknown(keyword);
    };
  }

  private static Pop3Command none(String[] args, Pop3Command command) {
    return args.length == 0 ? command : invalid("no arguments expected");
  }

  private static Pop3Command auth(String[] args) {
    return switch (args.length) {
      case 0 -> new Pop3Command.Auth(null, null);
      case 1 -> args[0].isEmpty()
          ? invalid("AUTH takes a mechanism name") : new Pop3Command.Auth(upper(args[0]), null);
      case 2 -> args[0].isEmpty() || args[1].isEmpty()
          ? invalid("AUTH takes a mechanism and an initial response")
          : new Pop3Command.Auth(upper(args[0]), args[1]);
      default -> invalid("AUTH takes a mechanism and an initial response");
    };
  }

  private static Pop3Command top(String[] args) {
    if (args.length != 2) {
      return invalid("TOP takes a message number and a line count");
    }
    int message = number(args[0]);
    int lines = args[1].equals("0") ? 0 : number(args[1]);
    return message > 0 && lines >= 0
        ? new Pop3Command.Top(message, lines)
        : invalid("TOP takes a message number and a line count");
  }

  private static Pop3Command optionalNumber(
      String[] args, String keyword, IntFunction<Pop3Command> command) {
    if (args.length == 0) {
      return command.apply(Pop3Command.ALL);
    }
    return oneNumber(args, keyword, command);
  }

  private static Pop3Command oneNumber(
      String[] args, String keyword, IntFunction<Pop3Command> command) {
    int n = args.length == 1 ? number(args[0]) : -1;
    return n > 0 ? command.apply(n) : invalid(keyword + " takes a message number");
  }

  /** A positive decimal number (digits only), or -1. */
  private static int number(String text) {
    if (text.isEmpty() || text.length() > MAX_NUMBER_DIGITS) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    int n = Integer.parseInt(text);
    return n > 0 ? n : -1;
  }

  private static Pop3Command invalid(String reason) {
    return new Pop3Command.Invalid(reason);
  }

  private static String upper(String text) {
    return text.toUpperCase(Locale.ROOT);
  }
}
