package io.mailcluster.node.admin;

import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/** Turns routing rejections and stray exceptions into JSON errors with the right status. */
final class AdminErrors {

  private static final AllDirectives D = new AllDirectives() {};

  private AdminErrors() {}

  static Route handled(Supplier<Route> inner) {
    return D.handleExceptions(exceptions(), () -> D.handleRejections(rejections(), inner));
  }

  private static RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rejections ->
                D.complete(
                    ApiError.response(StatusCodes.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "allowed: " + rejections.stream().map(r -> r.supported().name()).toList())))
        .handle(
            MalformedRequestContentRejection.class,
            rejection ->
                rejection.getCause() instanceof EntityStreamSizeException tooLarge
                    ? D.complete(ApiError.response(StatusCodes.PAYLOAD_TOO_LARGE, "too_large",
                        "request body over " + tooLarge.limit() + " bytes"))
                    : D.complete(ApiError.response(StatusCodes.BAD_REQUEST, "invalid",
                        rejection.message())))
        .handleNotFound(
            D.complete(ApiError.response(StatusCodes.NOT_FOUND, "not_found", "no such endpoint")))
        .build()
        .withFallback(RejectionHandler.defaultHandler());
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(
            AdminRoutes.MissingField.class,
            e -> D.complete(ApiError.response(StatusCodes.BAD_REQUEST, "invalid", e.getMessage())))
        .build();
  }
}
