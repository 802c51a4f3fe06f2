package io.mailcluster.node.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The admin bearer token check: no token -> 401 with a challenge, a wrong one -> 403, and 403
 * for everything when the node has no token configured.
 */
final class AdminAuth extends AllDirectives {

  private static final String BEARER = "Bearer ";

  private final byte[] token;

  AdminAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> check(header, inner));
  }

  private Route check(Optional<String> header, Supplier<Route> inner) {
    if (token.length == 0) {
      return complete(
          ApiError.response(StatusCodes.FORBIDDEN, "forbidden",
              "admin API disabled: no admin token is configured on this node"));
    }
    // the scheme name is case-insensitive (RFC 9110 section 11.1)
    if (header.isEmpty() || !header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      HttpResponse challenge =
          ApiError.response(StatusCodes.UNAUTHORIZED, "unauthorized",
                  "send the admin token as 'Authorization: Bearer <token>'")
              .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "mailcluster")));
      return complete(challenge);
    }
    byte[] presented = header.get().substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(token, presented)) {
      return complete(ApiError.response(StatusCodes.FORBIDDEN, "forbidden", "wrong admin token"));
    }
    return inner.get();
  }
}
