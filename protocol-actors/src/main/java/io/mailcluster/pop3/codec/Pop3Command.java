package io.mailcluster.pop3.codec;

/**
 * A POP3 command line (RFC 1939, RFC 2449 CAPA, RFC 5034 AUTH), parsed. Lines that are not a
 * valid command arrive as {@link Unknown} or {@link Invalid}.
 */
public sealed interface Pop3Command {

  record Capa() implements Pop3Command {}

  record User(String name) implements Pop3Command {}

  /** The whole rest of the line: passwords may contain spaces. */
  record Pass(String password) implements Pop3Command {
    @Override
    public String toString() {
      return "Pass[<redacted>]";
    }
  }

  /**
   * AUTH with a mechanism name, and the initial response (RFC 5034) or null when the client
   * waits for the server's challenge. {@code mechanism} is null for a bare AUTH (list them).
   */
  record Auth(String mechanism, String initialResponse) implements Pop3Command {
    @Override
    public String toString() {
      return "Auth[" + mechanism + (initialResponse == null ? "" : ", <initial response>") + "]";
    }
  }

  record Stat() implements Pop3Command {}

  /** LIST, or LIST n when {@code message} is positive. */
  record ListMessages(int message) implements Pop3Command {}

  record Retr(int message) implements Pop3Command {}

  record Dele(int message) implements Pop3Command {}

  record Noop() implements Pop3Command {}

  record Rset() implements Pop3Command {}

  record Quit() implements Pop3Command {}

  /** TOP: the header and the first {@code lines} lines of the body. */
  record Top(int message, int lines) implements Pop3Command {}

  /** UIDL, or UIDL n when {@code message} is positive. */
  record Uidl(int message) implements Pop3Command {}

  /** A keyword this server does not know (APOP among them: it is not offered). */
  record Unknown(String keyword) implements Pop3Command {}

  /** A known keyword with arguments that do not fit it. */
  record Invalid(String reason) implements Pop3Command {}

  /** Absent message number of LIST and UIDL. */
  int ALL = 0;
}
