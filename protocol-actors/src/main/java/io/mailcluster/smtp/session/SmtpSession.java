package io.mailcluster.smtp.session;

import io.mailcluster.smtp.codec.BdatDecoder;
import io.mailcluster.smtp.codec.BodyType;
import io.mailcluster.smtp.codec.CommandGate;
import io.mailcluster.smtp.codec.CommandLineDecoder;
import io.mailcluster.smtp.codec.ContentResult;
import io.mailcluster.smtp.codec.DataDecoder;
import io.mailcluster.smtp.codec.DecodeResult;
import io.mailcluster.smtp.codec.SessionPhase;
import io.mailcluster.smtp.codec.SmtpCommand;
import io.mailcluster.smtp.codec.SmtpReplies;
import io.mailcluster.smtp.codec.SmtpReply;
import io.mailcluster.smtp.codec.SmtpSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * The SMTP server session (RFC 5321 with PIPELINING, 8BITMIME, SIZE, ENHANCEDSTATUSCODES,
 * SMTPUTF8, CHUNKING, BINARYMIME) as a deterministic state machine: {@link #handle} takes
 * one {@link SessionInput} and returns the {@link Step} it causes — replies to write and
 * {@link SessionEffect}s for the environment. No I/O, no actors, no wall clock (the clock is
 * injected), so a test drives it with plain method calls.
 *
 * <p>It owns the wire decoders and switches between them (commands, DATA content, BDAT
 * chunks), handing each the bytes the previous one did not consume, so pipelined input
 * works wherever TCP splits it. The decoders are mutable, so the session is one object per
 * connection, not a value; every other part of its state is replaced, never mutated.
 *
 * <p>Waiting: while a recipient lookup or a message commit is outstanding, input is held
 * and processed in order once the answer arrives, so replies keep command order (RFC 2920)
 * and {@link #awaiting()} tells the transport it may stop reading (backpressure). The 250
 * for a message is sent only on {@link SessionInput.MessageStored}: the durability contract.
 */
public final class SmtpSession {

  /** What an outstanding request is for. */
  private sealed interface Await {}

  private record AwaitRecipient(long requestId, String forwardPath) implements Await {}

  private record AwaitCommit(long requestId) implements Await {}

  /**
   * The BDAT chunk being read. A chunk is always read to its end, even when refused
   * ({@code rejection} set): its bytes are content, never commands (RFC 3030 section 2).
   */
  private record Chunk(long size, boolean last, SmtpReply rejection, boolean countsAsError,
      boolean failsTransaction) {}

  private final SmtpSettings settings;
  private final Clock clock;
  private final String sessionId;
  private final CommandLineDecoder commands;

  private boolean started;
  private boolean closed;
  private String clientAddress;
  private String clientHostname;
  private String heloName;
  private boolean extended;
  private SessionPhase phase = SessionPhase.CONNECTED;
  private int errors;
  private Transaction tx;
  private long lastRequestId;
  private Await await;
  private boolean shutdownRequested;

  private DataDecoder data;
  private BdatDecoder bdat;
  private Chunk chunk;
  /** Input not yet given to a decoder (arrived while waiting, or a decoder's remainder). */
  private ByteString held = ByteString.emptyByteString();

  private List<SmtpReply> replies;
  private List<SessionEffect> effects;

  /**
   * @param sessionId unique per connection in the cluster (e.g. node + counter), made of
   *     RFC 5322 atext only (letters, digits, '-'); message ids in Received: and in the 250
   *     reply are {@code sessionId-requestId}
   */
  public SmtpSession(SmtpSettings settings, Clock clock, String sessionId) {
    this.settings = settings;
    this.clock = clock;
    this.sessionId = sessionId;
    this.commands = CommandLineDecoder.fromSettings(settings);
  }

  /** Where the command sequence stands. */
  public SessionPhase phase() {
    return data != null ? SessionPhase.DATA : phase;
  }

  /** True while an answer from the environment is outstanding; input is only buffered. */
  public boolean awaiting() {
    return await != null;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Reading message content (DATA or a BDAT chunk): the transport uses the data timeout. */
  public boolean readingContent() {
    return data != null || bdat != null;
  }

  /** Failed commands so far. */
  public int errors() {
    return errors;
  }

  public Step handle(SessionInput input) {
    replies = new ArrayList<>();
    effects = new ArrayList<>();
    try {
      if (!closed) {
        dispatch(input);
      }
      return new Step(replies, effects);
    } finally {
      replies = null;
      effects = null;
    }
  }

  private void dispatch(SessionInput input) {
    if (input instanceof SessionInput.Connected c) {
      connected(c);
    } else if (input instanceof SessionInput.Bytes b) {
      held = held.concat(b.bytes());
      drive();
    } else if (input instanceof SessionInput.RecipientResolved r) {
      if (await instanceof AwaitRecipient a && a.requestId() == r.requestId()) {
        await = null;
        resolved(a.forwardPath(), r.resolution());
        resume();
      }
    } else if (input instanceof SessionInput.MessageStored s) {
      if (await instanceof AwaitCommit a && a.requestId() == s.requestId()) {
        await = null;
        replies.add(SmtpReplies.messageAccepted(messageLabel(a.requestId())));
        endTransaction();
        resume();
      }
    } else if (input instanceof SessionInput.MessageFailed f) {
      if (await instanceof AwaitCommit a && a.requestId() == f.requestId()) {
        await = null;
        replies.add(f.reason().reply()); // the store kept nothing; the client may retry
        endTransaction();
        resume();
      }
    } else if (input instanceof SessionInput.Timeout) {
      // while we wait on the environment the client is idle because of us: not its fault
      if (await == null) {
        replies.add(SmtpReplies.TIMEOUT);
        close();
      }
    } else if (input instanceof SessionInput.ShuttingDown) {
      if (await == null) {
        replies.add(SmtpReplies.SHUTTING_DOWN);
        close();
      } else {
        shutdownRequested = true; // answer the outstanding command first, then leave
      }
    } else if (input instanceof SessionInput.Disconnected) {
      close();
    }
  }

  private void connected(SessionInput.Connected c) {
    if (started) {
      return;
    }
    started = true;
    clientAddress = c.clientAddress();
    clientHostname = c.clientHostname();
    replies.add(SmtpReplies.greeting(settings.hostname()));
    drive();
  }

  private void resume() {
    if (shutdownRequested) {
      replies.add(SmtpReplies.SHUTTING_DOWN);
      close();
    } else {
      drive();
    }
  }

  // --- the decoder loop ------------------------------------------------------------------

  /** Hands input to the current decoder until it needs more, a request is pending, or close. */
  private void drive() {
    while (started && !closed && await == null) {
      if (data != null) {
        ContentResult r = data.next();
        if (r instanceof ContentResult.NeedMore) {
          if (!feed(data::feed)) {
            return;
          }
        } else {
          dataResult(r);
        }
      } else if (bdat != null) {
        ContentResult r = bdat.next();
        if (r instanceof ContentResult.NeedMore) {
          if (!feed(bdat::feed)) {
            return;
          }
        } else {
          chunkResult(r);
        }
      } else {
        DecodeResult r = commands.next();
        if (r instanceof DecodeResult.Decoded d) {
          command(d.command());
        } else if (!feed(commands::feed)) {
          return;
        }
      }
    }
  }

  /** Gives the held bytes to a decoder that needs more; false when there are none. */
  private boolean feed(java.util.function.Consumer<ByteString> decoder) {
    if (held.isEmpty()) {
      return false;
    }
    ByteString bytes = held;
    held = ByteString.emptyByteString();
    decoder.accept(bytes);
    return true;
  }

  // --- commands ----------------------------------------------------------------------------

  private void command(SmtpCommand command) {
    if (command instanceof SmtpCommand.Bdat b) {
      bdatCommand(b); // before the gate: even a refused BDAT's chunk must be read
      return;
    }
    if (command instanceof SmtpCommand.Data && phase == SessionPhase.MAIL) {
      fail(SmtpReplies.NO_VALID_RECIPIENTS);
      return;
    }
    Optional<SmtpReply> notNow = CommandGate.check(phase, command);
    if (notNow.isPresent()) {
      fail(notNow.get());
    } else if (command instanceof SmtpCommand.Invalid invalid) {
      fail(invalid.reply());
    } else if (command instanceof SmtpCommand.Ehlo e) {
      greet(e.domain(), true);
      replies.add(SmtpReplies.ehlo(settings.hostname(), e.domain(), settings.maxMessageSize()));
    } else if (command instanceof SmtpCommand.Helo h) {
      greet(h.domain(), false);
      replies.add(SmtpReplies.helo(settings.hostname(), h.domain()));
    } else if (command instanceof SmtpCommand.Mail m) {
      mail(m);
    } else if (command instanceof SmtpCommand.Rcpt r) {
      rcpt(r);
    } else if (command instanceof SmtpCommand.Data) {
      dataCommand();
    } else if (command instanceof SmtpCommand.Rset) {
      abortTransaction();
      replies.add(SmtpReplies.RESET_OK);
    } else if (command instanceof SmtpCommand.Noop) {
      replies.add(SmtpReplies.OK);
    } else if (command instanceof SmtpCommand.Vrfy) {
      replies.add(SmtpReplies.VRFY_CANNOT_VERIFY);
    } else if (command instanceof SmtpCommand.Help) {
      replies.add(SmtpReplies.HELP);
    } else if (command instanceof SmtpCommand.Quit) {
      replies.add(SmtpReplies.closing(settings.hostname()));
      close();
    }
  }

  /** EHLO/HELO: a new start, also resetting any transaction (RFC 5321 4.1.4). */
  private void greet(String domain, boolean ehlo) {
    abortTransaction();
    heloName = domain;
    extended = ehlo;
    phase = SessionPhase.GREETED;
  }

  private void mail(SmtpCommand.Mail m) {
    if (m.size().isPresent() && m.size().getAsLong() > settings.maxMessageSize()) {
      replies.add(SmtpReplies.MESSAGE_TOO_BIG); // RFC 1870 section 6.1: 552 at MAIL
      return;
    }
    if (!extended && (m.size().isPresent() || m.body() != BodyType.SEVEN_BIT || m.smtpUtf8())) {
      // after HELO no extension was offered, so no extension parameter may be used
      // (RFC 5321 section 4.1.1.11: 555 for parameters not recognized)
      fail(SmtpReplies.badParameter("MAIL parameters need EHLO"));
      return;
    }
    tx = Transaction.begin(m.reversePath(), m.body(), m.smtpUtf8(), m.size());
    phase = SessionPhase.MAIL;
    replies.add(SmtpReplies.SENDER_OK);
  }

  private void rcpt(SmtpCommand.Rcpt r) {
    if (r.needsSmtpUtf8() && !tx.smtpUtf8()) {
      fail(SmtpReplies.UTF8_ADDRESS_NEEDS_SMTPUTF8); // RFC 6531 section 3.5
    } else if (tx.forwardPaths().size() >= settings.maxRecipients()) {
      replies.add(SmtpReplies.TOO_MANY_RECIPIENTS); // RFC 5321 4.5.3.1.10: not an error
    } else {
      long id = ++lastRequestId;
      await = new AwaitRecipient(id, r.forwardPath());
      effects.add(new SessionEffect.ResolveRecipient(id, r.forwardPath(), tx.declaredSize()));
    }
  }

  private void resolved(String forwardPath, Resolution resolution) {
    if (resolution instanceof Resolution.Local local) {
      tx = tx.withRecipient(forwardPath, local.mailboxAddresses());
      phase = SessionPhase.RCPT;
      replies.add(SmtpReplies.RECIPIENT_OK);
    } else if (resolution instanceof Resolution.UnknownUser) {
      fail(SmtpReplies.UNKNOWN_USER);
    } else if (resolution instanceof Resolution.NotOurDomain) {
      fail(SmtpReplies.RELAY_DENIED);
    } else if (resolution instanceof Resolution.OverQuota) {
      // this recipient only, the transaction goes on; not counted: not the client's mistake
      replies.add(SmtpReplies.mailboxFull(forwardPath));
    } else if (resolution instanceof Resolution.Unavailable) {
      replies.add(SmtpReplies.LOCAL_ERROR);
    }
  }

  private void dataCommand() {
    if (tx.bodyType() == BodyType.BINARY_MIME) {
      fail(SmtpReplies.BAD_SEQUENCE); // RFC 3030 section 3: DATA after BODY=BINARYMIME is 503
      return;
    }
    beginMessage();
    replies.add(SmtpReplies.START_DATA);
    data = DataDecoder.fromSettings(settings);
    held = commands.takeRemainder().concat(held);
  }

  private void bdatCommand(SmtpCommand.Bdat b) {
    SmtpReply rejection = null;
    boolean counts = true;
    boolean failsTx = false;
    Optional<SmtpReply> notNow = CommandGate.check(phase, b);
    if (phase == SessionPhase.MAIL) {
      rejection = SmtpReplies.NO_VALID_RECIPIENTS;
    } else if (notNow.isPresent()) {
      rejection = notNow.get();
    } else if (tx.octets() + b.chunkSize() > settings.maxMessageSize()
        || b.chunkSize() > settings.maxMessageSize()) {
      rejection = SmtpReplies.MESSAGE_TOO_BIG; // RFC 3030: the total counts, not the chunk
      counts = false;
      failsTx = true;
    }
    if (rejection == null && !tx.messageBegun()) {
      beginMessage();
    }
    chunk = new Chunk(b.chunkSize(), b.last(), rejection, counts, failsTx);
    bdat = new BdatDecoder(b.chunkSize());
    held = commands.takeRemainder().concat(held);
  }

  // --- message content ---------------------------------------------------------------------

  private void dataResult(ContentResult r) {
    if (r instanceof ContentResult.Content c) {
      effects.add(new SessionEffect.MessageContent(tx.messageId(), c.bytes()));
    } else if (r instanceof ContentResult.End end) {
      held = data.takeRemainder().concat(held);
      data = null;
      if (end.accepted()) {
        commit();
      } else {
        replies.add(end.rejection().get().reply());
        abortTransaction();
      }
    }
  }

  private void chunkResult(ContentResult r) {
    if (r instanceof ContentResult.Content c) {
      if (chunk.rejection() == null) {
        effects.add(new SessionEffect.MessageContent(tx.messageId(), c.bytes()));
      }
      return;
    }
    held = bdat.takeRemainder().concat(held);
    bdat = null;
    Chunk done = chunk;
    chunk = null;
    if (done.rejection() != null) {
      if (done.failsTransaction()) {
        abortTransaction(); // RFC 3030 section 2: later chunks of this transaction are refused
      }
      if (done.countsAsError()) {
        fail(done.rejection());
      } else {
        replies.add(done.rejection());
      }
      return;
    }
    tx = tx.plusOctets(done.size());
    phase = SessionPhase.BDAT;
    if (done.last()) {
      commit();
    } else {
      replies.add(SmtpReplies.chunkReceived(done.size()));
    }
  }

  private void beginMessage() {
    long id = ++lastRequestId;
    tx = tx.withMessage(id);
    effects.add(new SessionEffect.BeginMessage(id, tx.envelope()));
    List<String> rcpts = tx.forwardPaths();
    effects.add(new SessionEffect.MessageContent(id, TraceHeaders.render(
        tx.reversePath(),
        heloName,
        clientHostname,
        clientAddress,
        settings.hostname(),
        TraceHeaders.protocol(extended, tx.smtpUtf8()),
        messageLabel(id),
        rcpts.size() == 1 ? rcpts.get(0) : null,
        clock.instant())));
  }

  private void commit() {
    effects.add(new SessionEffect.CommitMessage(tx.messageId()));
    await = new AwaitCommit(tx.messageId());
  }

  /** An RFC 5321 4.4 "ID" atom (no dots), also quoted in the 250 reply. */
  private String messageLabel(long requestId) {
    return sessionId + "-" + requestId;
  }

  // --- transaction and session end ----------------------------------------------------------

  /** Drops the transaction; a message already begun (and not committed) is aborted. */
  private void abortTransaction() {
    if (tx != null && tx.messageBegun() && !(await instanceof AwaitCommit)) {
      effects.add(new SessionEffect.AbortMessage(tx.messageId()));
    }
    endTransaction();
  }

  private void endTransaction() {
    tx = null;
    phase = heloName == null ? SessionPhase.CONNECTED : SessionPhase.GREETED;
  }

  /** An error reply, counted; at max-errors the session answers 421 and closes. */
  private void fail(SmtpReply reply) {
    replies.add(reply);
    errors++;
    if (errors >= settings.maxErrors()) {
      replies.add(SmtpReplies.TOO_MANY_ERRORS);
      close();
    }
  }

  private void close() {
    if (!closed) {
      abortTransaction();
      data = null;
      bdat = null;
      held = ByteString.emptyByteString();
      closed = true;
      effects.add(new SessionEffect.Close());
    }
  }
}
