package io.mailcluster.imap.session;

import io.mailcluster.control.Rejection;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ImapResponse.Condition;
import io.mailcluster.imap.codec.ResponseCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failed backend stage into the tagged NO a client understands: a business rejection
 * keeps its message with the response code of what was refused; anything else is storage
 * trouble, NO [UNAVAILABLE], and nothing was changed that the client was told about.
 */
final class Failures {

  /** How a CONFLICT is named for the command at hand. */
  enum Conflict { ALREADY_EXISTS, IN_USE, CANNOT }

  private Failures() {}

  static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static boolean isRejection(Throwable failure, Rejection.Kind kind) {
    return cause(failure) instanceof Rejection r && r.kind() == kind;
  }

  static ImapResponse.Tagged no(String tag, Throwable failure, Conflict conflict) {
    Throwable cause = cause(failure);
    if (cause instanceof Rejection r) {
      ResponseCode code = switch (r.kind()) {
        case NOT_FOUND -> ResponseCode.NONEXISTENT;
        case INVALID -> ResponseCode.CANNOT;
        case CONFLICT -> switch (conflict) {
          case ALREADY_EXISTS -> ResponseCode.ALREADYEXISTS;
          case IN_USE -> ResponseCode.INUSE;
          case CANNOT -> ResponseCode.CANNOT;
        };
      };
      return new ImapResponse.Tagged(tag, Condition.NO, code, safeText(r.getMessage()));
    }
    return unavailable(tag);
  }

  static ImapResponse.Tagged unavailable(String tag) {
    return new ImapResponse.Tagged(tag, Condition.NO, ResponseCode.UNAVAILABLE,
        "storage is unavailable, try again later");
  }

  /** Rejection texts may echo client input: keep them on one line. */
  static String safeText(String text) {
    String oneLine = text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    return oneLine.isEmpty() ? "refused" : oneLine;
  }
}
