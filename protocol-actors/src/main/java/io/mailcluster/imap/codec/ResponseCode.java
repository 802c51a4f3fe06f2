package io.mailcluster.imap.codec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A response code, the bracketed part of a status response (RFC 9051 section 7.1, RFC 5530,
 * RFC 7162, RFC 4315): its atom and what follows it, already in wire form. Made only through
 * the factories, so call sites name codes instead of building strings.
 */
public record ResponseCode(String atom, String data) {

  private static final Pattern SEQUENCE_SET = Pattern.compile("[0-9*]+(:[0-9*]+)?(,[0-9*]+(:[0-9*]+)?)*");

  public static final ResponseCode ALERT = simple("ALERT");
  public static final ResponseCode PARSE = simple("PARSE");
  public static final ResponseCode READ_ONLY = simple("READ-ONLY");
  public static final ResponseCode READ_WRITE = simple("READ-WRITE");
  public static final ResponseCode TRYCREATE = simple("TRYCREATE");
  public static final ResponseCode NOMODSEQ = simple("NOMODSEQ");
  public static final ResponseCode CLOSED = simple("CLOSED");
  public static final ResponseCode NONEXISTENT = simple("NONEXISTENT");
  public static final ResponseCode ALREADYEXISTS = simple("ALREADYEXISTS");
  public static final ResponseCode OVERQUOTA = simple("OVERQUOTA");
  public static final ResponseCode UNAVAILABLE = simple("UNAVAILABLE");
  public static final ResponseCode AUTHENTICATIONFAILED = simple("AUTHENTICATIONFAILED");
  public static final ResponseCode AUTHORIZATIONFAILED = simple("AUTHORIZATIONFAILED");
  public static final ResponseCode EXPIRED = simple("EXPIRED");
  public static final ResponseCode PRIVACYREQUIRED = simple("PRIVACYREQUIRED");
  public static final ResponseCode CONTACTADMIN = simple("CONTACTADMIN");
  public static final ResponseCode NOPERM = simple("NOPERM");
  public static final ResponseCode TOOBIG = simple("TOOBIG");
  public static final ResponseCode INUSE = simple("INUSE");
  public static final ResponseCode EXPUNGEISSUED = simple("EXPUNGEISSUED");
  public static final ResponseCode CORRUPTION = simple("CORRUPTION");
  public static final ResponseCode SERVERBUG = simple("SERVERBUG");
  public static final ResponseCode CLIENTBUG = simple("CLIENTBUG");
  public static final ResponseCode CANNOT = simple("CANNOT");
  public static final ResponseCode LIMIT = simple("LIMIT");
  public static final ResponseCode HASCHILDREN = simple("HASCHILDREN");
  public static final ResponseCode UIDNOTSTICKY = simple("UIDNOTSTICKY");

  public ResponseCode {
    if (atom.isEmpty() || !atom.chars().allMatch(c -> ImapString.isAtomChar((char) c))) {
      throw new IllegalArgumentException("response code must be an atom: " + atom);
    }
    // data is wire text inside [...]: a CR, LF or ']' would end the code or the line early
    if (data != null && (data.indexOf('\r') >= 0 || data.indexOf('\n') >= 0 || data.indexOf(']') >= 0)) {
      throw new IllegalArgumentException("response code data must not contain CR, LF or ']'");
    }
  }

  private static ResponseCode simple(String atom) {
    return new ResponseCode(atom, null);
  }

  public static ResponseCode uidNext(long uid) {
    return new ResponseCode("UIDNEXT", Long.toString(positive(uid)));
  }

  public static ResponseCode uidValidity(long validity) {
    return new ResponseCode("UIDVALIDITY", Long.toString(positive(validity)));
  }

  /** IMAP4rev1 only: the sequence number of the first unseen message. */
  public static ResponseCode unseen(long seq) {
    return new ResponseCode("UNSEEN", Long.toString(positive(seq)));
  }

  public static ResponseCode highestModSeq(long modSeq) {
    return new ResponseCode("HIGHESTMODSEQ", Long.toString(positive(modSeq)));
  }

  /** RFC 7162: the messages a conditional STORE left alone. */
  public static ResponseCode modified(String sequenceSet) {
    return new ResponseCode("MODIFIED", sequenceSet(sequenceSet));
  }

  public static ResponseCode appendUid(long uidValidity, String uidSet) {
    return new ResponseCode("APPENDUID", positive(uidValidity) + " " + sequenceSet(uidSet));
  }

  public static ResponseCode copyUid(long uidValidity, String sourceUids, String destinationUids) {
    return new ResponseCode("COPYUID",
        positive(uidValidity) + " " + sequenceSet(sourceUids) + " " + sequenceSet(destinationUids));
  }

  public static ResponseCode capability(List<String> capabilities) {
    return new ResponseCode("CAPABILITY", atoms(capabilities));
  }

  public static ResponseCode permanentFlags(List<String> flags) {
    return new ResponseCode("PERMANENTFLAGS", "(" + FlagsEncoder.join(flags) + ")");
  }

  /** The charsets SEARCH supports; an empty list sends the bare code. */
  public static ResponseCode badCharset(List<String> charsets) {
    return new ResponseCode("BADCHARSET", charsets.isEmpty() ? null : "(" + atoms(charsets) + ")");
  }

  private static String atoms(List<String> atoms) {
    for (String a : atoms) {
      if (!ImapString.isAstringAtom(a) || a.indexOf(']') >= 0) {
        throw new IllegalArgumentException("not an atom: " + a);
      }
    }
    return String.join(" ", atoms);
  }

  private static long positive(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("must be a positive number: " + n);
    }
    return n;
  }

  static String sequenceSet(String set) {
    if (!SEQUENCE_SET.matcher(set).matches()) {
      throw new IllegalArgumentException("not a sequence set: " + set);
    }
    return set;
  }
}
