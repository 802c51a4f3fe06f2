package io.mailcluster.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mailcluster.serialization.CborSerializable;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A business rejection, carried as {@code StatusReply.error(rejection)} and thrown by the parsers.
 *
 * <p>It crosses nodes intact: Pekko serializes the error of a {@code StatusReply} with the
 * serializer bound to the exception's class, and this class is {@link CborSerializable}, so
 * jackson-cbor writes exactly {@code kind} and {@code message} (no stack trace, no cause).
 */
@JsonIgnoreProperties(
    value = {"stackTrace", "cause", "localizedMessage", "suppressed"},
    ignoreUnknown = true)
public final class Rejection extends RuntimeException implements CborSerializable {

  /** What went wrong; the admin HTTP API maps these to 400, 404 and 409. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT
  }

  private final Kind kind;

  @JsonCreator
  public Rejection(@JsonProperty("kind") Kind kind, @JsonProperty("message") String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public static Rejection invalid(String message) {
    return new Rejection(Kind.INVALID, message);
  }

  public static Rejection notFound(String message) {
    return new Rejection(Kind.NOT_FOUND, message);
  }

  public static Rejection conflict(String message) {
    return new Rejection(Kind.CONFLICT, message);
  }

  @JsonProperty("kind")
  public Kind kind() {
    return kind;
  }

  /** The kind if {@code error} is (or wraps) a Rejection; null otherwise, e.g. for an ask timeout. */
  public static Kind kindOf(Throwable error) {
    return unwrap(error) instanceof Rejection r ? r.kind : null;
  }

  /** The rejection's message, or for any other error its message (or class name if it has none). */
  public static String messageOf(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause == null) {
      return null;
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
  }

  /** Strips the CompletionException/ExecutionException wrappers that futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public String toString() {
    return "Rejection[" + kind + "]: " + getMessage();
  }
}
