package io.mailcluster.node.admin;

import io.mailcluster.control.Rejection;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import java.util.concurrent.TimeoutException;

/** The body of every error answer: {"error": "not_found", "message": "..."}. */
record ApiError(String error, String message) {

  static HttpResponse response(StatusCode status, String error, String message) {
    return Json.response(status, new ApiError(error, message));
  }

  /**
   * A failed control-data call: business rejections keep their meaning; a timeout means the
   * cluster or its storage did not answer (a journal write that fails stops the entity, so its
   * caller times out): 503, nothing acknowledged. Anything else is a bug: 500, logged.
   */
  static HttpResponse fromFailure(Throwable failure, Logger log) {
    Rejection.Kind kind = Rejection.kindOf(failure);
    String message = Rejection.messageOf(failure);
    if (failure instanceof NotReady) {
      return response(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", failure.getMessage());
    }
    if (kind == null && failure instanceof TimeoutException) {
      return response(StatusCodes.SERVICE_UNAVAILABLE, "unavailable",
          "storage or cluster did not answer in time; nothing was changed, retry later");
    }
    if (kind == null) {
      log.error("admin request failed unexpectedly", failure);
      return response(StatusCodes.INTERNAL_SERVER_ERROR, "internal", "internal error: " + message);
    }
    return switch (kind) {
      case INVALID -> response(StatusCodes.BAD_REQUEST, "invalid", message);
      case NOT_FOUND -> response(StatusCodes.NOT_FOUND, "not_found", message);
      case CONFLICT -> response(StatusCodes.CONFLICT, "conflict", message);
    };
  }
}
