/**
 * SMTP codec: framing, parsing and encoding, with no sockets, actors or storage.
 *
 * <ul>
 *   <li>{@link io.mailcluster.smtp.codec.CommandLineDecoder} frames command lines and parses
 *       them with {@link io.mailcluster.smtp.codec.CommandParser} into the sealed
 *       {@link io.mailcluster.smtp.codec.SmtpCommand}; failures are command values that carry
 *       their reply, and {@link io.mailcluster.smtp.codec.CommandGate} answers 503 from each
 *       command's declared {@link io.mailcluster.smtp.codec.SessionPhase}s.
 *   <li>{@link io.mailcluster.smtp.codec.DataDecoder} (DATA) and
 *       {@link io.mailcluster.smtp.codec.BdatDecoder} (BDAT) stream message content out as
 *       {@link io.mailcluster.smtp.codec.ContentResult}s.
 *   <li>{@link io.mailcluster.smtp.codec.SmtpReply}, encoded by
 *       {@link io.mailcluster.smtp.codec.ReplyEncoder}; every reply the server sends is named
 *       in {@link io.mailcluster.smtp.codec.SmtpReplies}.
 * </ul>
 *
 * <p>All decoders share one contract: {@code feed(bytes)}, then {@code next()} until it says
 * NeedMore, then feed again; {@code takeRemainder()} hands pipelined bytes to the decoder
 * that comes next. Where TCP splits the stream never changes the result (tested at every
 * byte position). Line endings: only CRLF ends anything — see DataDecoder for the SMTP
 * smuggling rules and {@link io.mailcluster.smtp.codec.BareLineEndingPolicy}.
 */
package io.mailcluster.smtp.codec;
