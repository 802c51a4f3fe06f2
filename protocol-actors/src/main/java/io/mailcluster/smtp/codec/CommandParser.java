package io.mailcluster.smtp.codec;

import io.mailcluster.smtp.codec.SmtpCommand.Bdat;
import io.mailcluster.smtp.codec.SmtpCommand.BadParameter;
import io.mailcluster.smtp.codec.SmtpCommand.BadRecipient;
import io.mailcluster.smtp.codec.SmtpCommand.BadSender;
import io.mailcluster.smtp.codec.SmtpCommand.SyntaxError;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns one command line (without its CRLF) into a {@link SmtpCommand}. Pure and total:
 * every input yields a command, failures as {@link SmtpCommand.Invalid} values.
 */
public final class CommandParser {

  private CommandParser() {}

  /** Verbs of RFC 5321 and common extensions that we recognise but do not offer: 502. */
  private static final Set<String> NOT_IMPLEMENTED =
      Set.of("EXPN", "TURN", "ETRN", "ATRN", "AUTH", "STARTTLS", "SEND", "SOML", "SAML", "VERB");

  public static SmtpCommand parse(String line) {
    int sp = line.indexOf(' ');
    String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
    // trailing spaces are common from hand-typed sessions and harmless; leading ones are not
    String arg = sp < 0 ? "" : stripTrailing(line.substring(sp + 1));
    return switch (verb) {
      case "EHLO" -> arg.isEmpty() ? new SyntaxError("EHLO needs a domain") : new SmtpCommand.Ehlo(firstToken(arg));
      case "HELO" -> arg.isEmpty() ? new SyntaxError("HELO needs a domain") : new SmtpCommand.Helo(firstToken(arg));
      case "MAIL" -> mail(arg);
      case "RCPT" -> rcpt(arg);
      case "DATA" -> noArgument(arg, new SmtpCommand.Data());
      case "BDAT" -> bdat(arg);
      case "RSET" -> noArgument(arg, new SmtpCommand.Rset());
      case "QUIT" -> noArgument(arg, new SmtpCommand.Quit());
      case "NOOP" -> new SmtpCommand.Noop(); // RFC 5321 4.1.1.9: any argument is ignored
      case "VRFY" -> arg.isEmpty() ? new SyntaxError("VRFY needs an argument") : new SmtpCommand.Vrfy(arg);
      case "HELP" -> new SmtpCommand.Help(arg);
      default -> NOT_IMPLEMENTED.contains(verb)
          ? new SmtpCommand.NotImplemented(verb)
          : new SmtpCommand.Unrecognized(verb);
    };
  }

  private static SmtpCommand noArgument(String arg, SmtpCommand command) {
    return arg.isEmpty() ? command : new SyntaxError("no argument allowed");
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String firstToken(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? s : s.substring(0, sp);
  }

  /** Index after "FROM:"/"TO:" and any spaces (some clients put one after the colon). */
  private static int afterKeyword(String arg, String keyword) {
    if (!arg.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return -1;
    }
    int i = keyword.length();
    while (i < arg.length() && arg.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static SmtpCommand mail(String arg) {
    int i = afterKeyword(arg, "FROM:");
    if (i < 0) {
      return new SyntaxError("expected MAIL FROM:<address>");
    }
    Addresses.Parsed path;
    try {
      path = Addresses.parsePath(arg, i, true, false);
    } catch (Addresses.PathSyntax e) {
      return new BadSender(e.getMessage());
    }
    OptionalLong size = OptionalLong.empty();
    BodyType body = BodyType.SEVEN_BIT;
    boolean smtpUtf8 = false;
    Set<String> seen = new HashSet<>();
    String params = arg.substring(path.end());
    if (!params.isEmpty() && params.charAt(0) != ' ') {
      return new BadSender("unexpected text after the address");
    }
    for (String param : params.trim().split(" +")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : param.substring(eq + 1);
      if (!seen.add(key)) {
        return new BadParameter("duplicate " + key);
      }
      switch (key) {
        case "SIZE" -> {
          // RFC 1870: 1*20DIGIT; more than fits in a long is refused, not wrapped
          if (value == null || !isDigits(value) || value.length() > 18) {
            return new BadParameter("SIZE needs a number");
          }
          size = OptionalLong.of(Long.parseLong(value));
        }
        case "BODY" -> {
          var parsed = value == null ? java.util.Optional.<BodyType>empty() : BodyType.fromKeyword(value);
          if (parsed.isEmpty()) {
            return new BadParameter("BODY must be 7BIT, 8BITMIME or BINARYMIME");
          }
          body = parsed.get();
        }
        case "SMTPUTF8" -> {
          if (value != null) {
            return new BadParameter("SMTPUTF8 takes no value");
          }
          smtpUtf8 = true;
        }
        default -> {
          return new BadParameter("unknown MAIL parameter " + key);
        }
      }
    }
    if (!smtpUtf8 && !Addresses.isAscii(path.address())) {
      return new SmtpCommand.Utf8WithoutSmtpUtf8(path.address());
    }
    return new SmtpCommand.Mail(path.address(), size, body, smtpUtf8);
  }

  private static SmtpCommand rcpt(String arg) {
    int i = afterKeyword(arg, "TO:");
    if (i < 0) {
      return new SyntaxError("expected RCPT TO:<address>");
    }
    Addresses.Parsed path;
    try {
      path = Addresses.parsePath(arg, i, false, true);
    } catch (Addresses.PathSyntax e) {
      return new BadRecipient(e.getMessage());
    }
    String params = arg.substring(path.end()).trim();
    if (!params.isEmpty()) {
      // we advertise no RCPT extension (no DSN), so any parameter is unknown
      return arg.charAt(path.end()) == ' '
          ? new BadParameter("unknown RCPT parameter " + params.split(" +")[0])
          : new BadRecipient("unexpected text after the address");
    }
    return new SmtpCommand.Rcpt(path.address());
  }

  /** RFC 3030: "BDAT" SP chunk-size [ SP "LAST" ]. */
  private static SmtpCommand bdat(String arg) {
    String[] parts = arg.split(" +");
    if (arg.isEmpty() || parts.length > 2 || !isDigits(parts[0]) || parts[0].length() > 18) {
      return new SyntaxError("expected BDAT <size> [LAST]");
    }
    if (parts.length == 2 && !parts[1].equalsIgnoreCase("LAST")) {
      return new SyntaxError("expected BDAT <size> [LAST]");
    }
    return new Bdat(Long.parseLong(parts[0]), parts.length == 2);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
