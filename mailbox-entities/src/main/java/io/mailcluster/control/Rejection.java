package io.mailcluster.control;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.mailcluster.serialization.CborSerializable;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A business rejection, carried as {@code StatusReply.error(rejection)} and thrown by the parsers.
 *
 * <p>It crosses nodes intact: Pekko serializes the error of a {@code StatusReply} with the
 * serializer bound to the exception's class, and this class is {@link CborSerializable}, so
 * jackson-cbor writes it, converted to its {@link Wire} form: exactly {@code kind} and
 * {@code message}, no stack trace, no cause. (Without the converters Jackson treats it as a
 * Throwable bean and fails on JDK 17 reaching into {@code Throwable}'s private fields.)
 */
@JsonSerialize(converter = Rejection.ToWire.class)
@JsonDeserialize(converter = Rejection.FromWire.class)
public final class Rejection extends RuntimeException implements CborSerializable {

  /** What went wrong; the admin HTTP API maps these to 400, 404 and 409. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT
  }

  /** What goes over the wire. */
  record Wire(Kind kind, String message) {}

  static final class ToWire extends StdConverter<Rejection, Wire> {
    @Override
    public Wire convert(Rejection rejection) {
      return new Wire(rejection.kind, rejection.getMessage());
    }
  }

  static final class FromWire extends StdConverter<Wire, Rejection> {
    @Override
    public Rejection convert(Wire wire) {
      return new Rejection(wire.kind(), wire.message());
    }
  }

  private final Kind kind;

  public Rejection(Kind kind, String message) {
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

  public Kind kind() {
    return kind;
  }

  /** The kind if {@code error} is (or wraps) a Rejection; null otherwise (e.g. ask timeout). */
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

  /** Value equality (kind and message): an exception cannot be a record, but this is a value. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Rejection r && kind == r.kind && getMessage().equals(r.getMessage());
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, getMessage());
  }

  @Override
  public String toString() {
    return "Rejection[" + kind + "]: " + getMessage();
  }
}
