/**
 * IMAP message content, without sockets or actors: what FETCH sections send and whether a
 * message matches a SEARCH key.
 *
 * <ul>
 *   <li>{@link io.mailcluster.imap.content.SectionResolver} maps BODY[section], BINARY[part]
 *       and BINARY.SIZE[part] onto the stored metadata as a
 *       {@link io.mailcluster.imap.content.SectionPlan} (pure);
 *       {@link io.mailcluster.imap.content.SectionFetcher} reads the octets through a
 *       {@link io.mailcluster.imap.content.MessageBytes} port and answers a
 *       {@link io.mailcluster.imap.content.FetchedSection}: inline, streamed (a
 *       {@code StreamedSection} paired with the source of its octets) or refused
 *       (NO [UNKNOWN-CTE]).
 *   <li>{@link io.mailcluster.imap.content.SearchEvaluator} is SEARCH as a pure function;
 *       {@link io.mailcluster.imap.content.MessageSearch} reads a bounded prefix of the
 *       message only for BODY and TEXT.
 * </ul>
 *
 * <p>Not supported: re-parsing the MIME tree when stored offsets are inexact (only the
 * top-level header/text split is found again; sections inside parts keep the stored offsets);
 * parts left out of a truncated structure (they do not exist); BINARY of a whole message
 * decodes nothing (a header has no transfer encoding); SEARCH over header fields the
 * extractor did not keep, and over body text beyond max-search-body; charset conversion of
 * SEARCH strings (they are UTF-8, compared after Unicode lower-casing, without normalization).
 */
package io.mailcluster.imap.content;
