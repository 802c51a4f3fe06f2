package io.mailcluster.projections.audit;

import io.mailcluster.control.Rejection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What part of an account's history to answer.
 *
 * @param since null, or the first instant answered (inclusive)
 * @param until null, or the instant the answer stops before (exclusive)
 * @param folder null, or a folder name: only the folders that bore it (at any time), and the
 *     account's events that name them
 */
public record AuditFilter(Instant since, Instant until, String folder) {

  public static final AuditFilter ALL = new AuditFilter(null, null, null);

  /** From query parameters; INVALID for an instant that is not ISO-8601. */
  public static AuditFilter of(Optional<String> since, Optional<String> until, Optional<String> folder) {
    return new AuditFilter(instant(since, "since"), instant(until, "until"),
        folder.filter(f -> !f.isEmpty()).orElse(null));
  }

  public boolean admits(Instant timestamp) {
    return (since == null || !timestamp.isBefore(since))
        && (until == null || timestamp.isBefore(until));
  }

  private static Instant instant(Optional<String> text, String name) {
    try {
      return text.map(Instant::parse).orElse(null);
    } catch (DateTimeParseException e) {
      throw Rejection.invalid(name + " must be an ISO-8601 instant such as 2026-11-28T21:30:00Z");
    }
  }
}
