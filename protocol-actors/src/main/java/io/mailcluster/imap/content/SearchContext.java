package io.mailcluster.imap.content;

import java.time.ZoneId;
import java.util.function.LongPredicate;

/**
 * What a SEARCH is evaluated against besides the message: the numbers "*" stands for, the zone
 * whose calendar days BEFORE, ON and SINCE compare internal dates in (the zone the session
 * shows INTERNALDATE in), and the saved result "$" (RFC 5182) as a test on UIDs.
 */
public record SearchContext(long maxSequenceNumber, long maxUid, ZoneId internalDateZone, LongPredicate savedUids) {}
