package io.mailcluster.imap.codec;

/** Why a command was refused before the session saw it; the session picks the answer. */
public enum CommandError {
  /** The command's text outside literals exceeds max-line-length: BAD. */
  LINE_TOO_LONG,
  /** A small (non-APPEND) literal over its budget, or a {n+} over the LITERAL- limit: BAD [TOOBIG]. */
  LITERAL_TOO_BIG,
  /** An APPEND message over max-literal-size: NO [TOOBIG] (RFC 9051 section 7.1). */
  MESSAGE_TOO_BIG,
  /** Parentheses nested deeper than max-nesting: BAD. */
  NESTING_TOO_DEEP,
  /** SEARCH with a CHARSET Java does not know: NO [BADCHARSET] (RFC 9051 section 6.4.4). */
  BAD_CHARSET,
  /** Anything the grammar does not allow: BAD. */
  SYNTAX
}
