package io.mailcluster.projections;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * One read model written by a projection: which journal tags it reads (one projection instance
 * per tag, spread over the cluster), which tables hold it (emptied by a rebuild), and the handler
 * that writes one event into them.
 *
 * <p>Every handler is idempotent: the projections deliver at least once (an offset is saved after
 * a batch of events, so a restart sees the events since the last save again).
 *
 * @param name the projection's name, as operators give it to {@code projections rebuild}
 * @param handler a fresh handler for one projection instance (it may cache what only that
 *     instance writes)
 */
public record ReadModel(
    String name, List<String> tags, List<String> tables,
    Supplier<Handler<EventEnvelope<Object>>> handler) {}
