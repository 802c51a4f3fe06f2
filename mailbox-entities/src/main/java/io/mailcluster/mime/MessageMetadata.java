package io.mailcluster.mime;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What a message's bytes tell, computed once at ingest so IMAP never re-parses a stored body.
 *
 * @param envelope IMAP ENVELOPE of the message (raw values)
 * @param body the MIME tree with octet offsets into the stored message
 * @param headers the top-level header fields in order, bounded by the settings
 * @param headersTruncated true when header fields were left out of {@code headers}
 * @param subject the Subject decoded (RFC 2047, charset-aware) for listings and SEARCH; null if absent
 * @param from the first From address as display text (decoded name, else address); null if absent
 * @param size total octets of the message
 * @param date the Date header as an instant, or null when absent or invalid
 * @param truncated true when the structure is incomplete: a limit was reached or the parser gave up
 * @param offsetsExact true when every offset was placed on the message's own bytes (line ends and
 *     delimiter lines were seen, nothing was skipped unexplained) and they add up to its size;
 *     when false, serve sections by re-parsing rather than by ranged reads
 */
public record MessageMetadata(
    Envelope envelope,
    BodyStructure body,
    List<HeaderField> headers,
    boolean headersTruncated,
    String subject,
    String from,
    long size,
    Instant date,
    boolean truncated,
    boolean offsetsExact)
    implements CborSerializable {}
