package io.mailcluster.node.admin;

import io.mailcluster.control.Rejection;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** The body of every error answer: {"error": "not_found", "message": "..."}. */
record ApiError(String error, String message) {

  static HttpResponse response(StatusCode status, String error, String message) {
    return Json.response(status, new ApiError(error, message));
  }

  /**
   * A failed control-data call: business rejections keep their meaning; anything else (an ask
   * that timed out, a journal write that failed) means the cluster or its storage did not answer.
   */
  static HttpResponse fromFailure(Throwable failure) {
    Rejection.Kind kind = Rejection.kindOf(failure);
    String message = Rejection.messageOf(failure);
    if (kind == null) {
      return response(StatusCodes.SERVICE_UNAVAILABLE, "unavailable",
          "storage or cluster did not answer in time; retry later (" + message + ")");
    }
    return switch (kind) {
      case INVALID -> response(StatusCodes.BAD_REQUEST, "invalid", message);
      case NOT_FOUND -> response(StatusCodes.NOT_FOUND, "not_found", message);
      case CONFLICT -> response(StatusCodes.CONFLICT, "conflict", message);
    };
  }
}
