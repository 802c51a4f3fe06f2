/**
 * The SMTP server session as a state machine with no I/O: {@link
 * io.mailcluster.smtp.session.SmtpSession#handle} maps one {@link
 * io.mailcluster.smtp.session.SessionInput} (socket bytes, answers from the environment,
 * timer, shutdown) to a {@link io.mailcluster.smtp.session.Step}: the replies to write and the
 * {@link io.mailcluster.smtp.session.SessionEffect}s to perform (resolve a recipient, stream a
 * message to the store, commit or abort it, close).
 *
 * <p>The transport ({@code io.mailcluster.smtp.transport}) glues it into a Pekko Streams flow: it encodes replies with
 * {@link io.mailcluster.smtp.codec.ReplyEncoder}, performs effects asynchronously and feeds
 * their answers back as inputs, stops reading while {@code awaiting()} (backpressure), picks
 * the command or data timeout from {@code readingContent()} and closes after a Close effect.
 *
 * <p>Contracts: the 250 for a message only follows {@code MessageStored}; every BeginMessage is
 * followed by CommitMessage or AbortMessage (unless the session closes while a commit is
 * outstanding, when the store decides); replies keep command order under PIPELINING.
 */
package io.mailcluster.smtp.session;
