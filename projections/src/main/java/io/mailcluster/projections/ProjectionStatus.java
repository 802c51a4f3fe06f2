package io.mailcluster.projections;

import java.time.Instant;

/**
 * Where one projection instance stands.
 *
 * @param offsetTime when the last event it saved as handled was written; null before the first
 * @param behind events it has still to handle (as far as the journal's tag query already shows
 *     them: the newest few seconds are not listed yet), at most the configured count limit
 * @param behindCapped true when there are more than {@code behind}
 */
public record ProjectionStatus(
    String projection, String tag, boolean paused, Instant offsetTime, long behind,
    boolean behindCapped) {}
