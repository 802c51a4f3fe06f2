package io.mailcluster.pop3.transport;

import io.mailcluster.pop3.codec.LineDecoder;
import io.mailcluster.pop3.codec.MessageTransfer;
import io.mailcluster.pop3.codec.Pop3Reply;
import io.mailcluster.pop3.codec.Pop3Settings;
import io.mailcluster.pop3.session.Pop3Effect;
import io.mailcluster.pop3.session.Pop3Input;
import io.mailcluster.pop3.session.Pop3Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * One POP3 connection as a Pekko Streams flow: client bytes are framed into lines, each line
 * goes through the {@link Pop3Session} one at a time (so pipelined commands are answered in
 * order and a slow lookup holds the next line back), the session's requests are carried out on
 * the {@link Pop3Backend}, and its replies and message transfers become the bytes sent back.
 * A message is streamed from the blob store through dot-stuffing, never held whole.
 *
 * <p>The connection ends after the session's Close. A client that disconnects, a write that
 * fails, or the idle timeout (no command and no byte sent for {@code idle-timeout}; the
 * connection is closed without a word, as RFC 1939 section 3 allows) releases a held maildrop
 * without committing anything.
 */
public final class Pop3Connection {

  private static final Logger log = LoggerFactory.getLogger(Pop3Connection.class);
  private static final Pop3Reply UNREADABLE =
      Pop3Reply.err(Pop3Reply.ResponseCode.SYS_TEMP, "message cannot be read now, try again later");
  private static final int LISTING_LINES_PER_CHUNK = 512;
  private static final ByteString CONTINUE = ByteString.fromString("+ \r\n");
  /** Stands for the session's Close in the byte stream; its own instance, never sent. */
  private static final ByteString CLOSE = ByteString.fromArray(new byte[] {'.'});

  private final Pop3Session session;
  private final Pop3Backend backend;
  private final String sessionId;
  /** The client's IP address as text; logins are recorded with it. */
  private final String clientAddress;
  private final LineDecoder decoder;

  private Pop3Connection(
      Pop3Settings settings, Pop3Backend backend, String sessionId, String clientAddress) {
    this.session = new Pop3Session(settings);
    this.backend = backend;
    this.sessionId = sessionId;
    this.clientAddress = clientAddress;
    this.decoder = new LineDecoder(settings.maxLineLength());
  }

  /**
   * The flow serving one connection; {@code sessionId} must be unique in the cluster. A
   * connection that has not logged in within {@code login-timeout} is cut (nothing held, so
   * nothing to undo), so idle connections cannot hold every slot.
   *
   * @param clientAddress the client's IP address as text (the socket's peer, or with the PROXY
   *     protocol the client its header names); logins are recorded with it
   */
  public static Flow<ByteString, ByteString, NotUsed> flow(
      Pop3Settings settings, Pop3Backend backend, String sessionId, String clientAddress) {
    return Flow.fromMaterializer((Materializer materializer, Attributes attributes) -> {
      Pop3Connection connection = new Pop3Connection(settings, backend, sessionId, clientAddress);
      SharedKillSwitch loginDeadline = KillSwitches.shared(sessionId + "-login");
      Cancellable timer = materializer.scheduleOnce(
          FiniteDuration.create(settings.loginTimeout().toMillis(), TimeUnit.MILLISECONDS), () -> {
            if (!connection.loggedIn()) {
              loginDeadline.abort(new TimeoutException("no login within " + settings.loginTimeout()));
            }
          });
      Flow<ByteString, ByteString, NotUsed> session = Flow.of(ByteString.class)
          .<Pop3Input>mapConcat(connection::lines)
          .prepend(Source.single(new Pop3Input.Connected()))
          .mapAsync(1, connection::handle)
          .flatMapConcat(effects -> Source.from(effects).flatMapConcat(connection::render))
          // ends the connection only once every byte before the Close was passed on: ending it
          // earlier would cancel the socket's read side while the last reply is still on its way
          .takeWhile(bytes -> bytes != CLOSE)
          .via(loginDeadline.flow())
          .watchTermination((notUsed, done) -> {
            done.whenComplete((ok, failure) -> {
              timer.cancel();
              connection.terminated(failure);
            });
            return notUsed;
          });
      // idle means no command and nothing being sent: a long RETR does not time out
      return BidiFlow.<ByteString, ByteString>bidirectionalIdleTimeout(settings.idleTimeout())
          .join(session);
    }).mapMaterializedValue(started -> NotUsed.getInstance());
  }

  private synchronized boolean loggedIn() {
    return session.loggedIn();
  }

  private List<Pop3Input> lines(ByteString chunk) {
    decoder.feed(chunk);
    List<Pop3Input> lines = new ArrayList<>();
    LineDecoder.Line line;
    while ((line = decoder.next()) != null) {
      lines.add(new Pop3Input.Line(line));
    }
    return lines;
  }

  /** The effects to write for one input, after every request it caused was answered. */
  private CompletionStage<List<Pop3Effect>> handle(Pop3Input input) {
    return carryOut(step(input), new ArrayList<>());
  }

  private synchronized List<Pop3Effect> step(Pop3Input input) {
    return session.handle(input);
  }

  private CompletionStage<List<Pop3Effect>> carryOut(List<Pop3Effect> effects, List<Pop3Effect> out) {
    for (Pop3Effect effect : effects) {
      CompletionStage<Pop3Input> answer = request(effect);
      if (answer != null) {
        // a request is always the session's last effect: continue with its answer
        return answer.thenCompose(input -> carryOut(step(input), out));
      }
      if (effect instanceof Pop3Effect.Release r) {
        backend.release(r.account(), sessionId);
      } else {
        out.add(effect);
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  /** Starts the request an effect stands for, or null if it is not one. */
  private CompletionStage<Pop3Input> request(Pop3Effect effect) {
    if (effect instanceof Pop3Effect.Authenticate a) {
      return backend.authenticate(a.user(), a.password(), clientAddress)
          .<Pop3Input>thenApply(account -> new Pop3Input.Authenticated(account.orElse(null)))
          .exceptionally(failure -> unavailable("login check", failure));
    }
    if (effect instanceof Pop3Effect.OpenMaildrop o) {
      return backend.open(o.account(), sessionId)
          .<Pop3Input>thenApply(opened -> opened.<Pop3Input>map(Pop3Input.MaildropOpened::new)
              .orElseGet(Pop3Input.MaildropInUse::new))
          .exceptionally(failure -> unavailable("maildrop of " + o.account(), failure));
    }
    if (effect instanceof Pop3Effect.Commit c) {
      return backend.commit(c.maildrop(), c.uids(), sessionId)
          .<Pop3Input>thenApply(done -> new Pop3Input.Committed(true))
          .exceptionally(failure -> {
            log.warn("POP3 {}: deletions in {} not committed: {}", sessionId,
                c.maildrop().account(), failure.toString());
            backend.release(c.maildrop().account(), sessionId);
            return new Pop3Input.Committed(false);
          });
    }
    return null;
  }

  private Pop3Input unavailable(String what, Throwable failure) {
    log.warn("POP3 {}: {} failed: {}", sessionId, what, failure.toString());
    return new Pop3Input.Unavailable(failure.toString());
  }

  private Source<ByteString, NotUsed> render(Pop3Effect effect) {
    if (effect instanceof Pop3Effect.Reply r) {
      return Source.single(r.reply().encode());
    }
    if (effect instanceof Pop3Effect.Continue) {
      return Source.single(CONTINUE);
    }
    if (effect instanceof Pop3Effect.Transfer t) {
      return transfer(t);
    }
    if (effect instanceof Pop3Effect.Listing l) {
      return listing(l);
    }
    return Source.single(CLOSE);
  }

  /** The lines of a LIST or UIDL in chunks, made as they are sent; none starts with a dot. */
  private static Source<ByteString, NotUsed> listing(Pop3Effect.Listing l) {
    int count = l.maildrop().count();
    IntStream present = IntStream.rangeClosed(1, count).filter(n -> !l.deleted().get(n));
    return Source.single(ByteString.fromString("+OK " + l.status() + "\r\n"))
        .concat(Source.fromIterator(present::iterator)
            .map(n -> n + " " + l.value().apply(n) + "\r\n")
            .grouped(LISTING_LINES_PER_CHUNK)
            .map(lines -> ByteString.fromString(String.join("", lines))))
        .concat(Source.single(ByteString.fromString(".\r\n")));
  }

  /**
   * +OK and the message once its bytes are known to be readable, else -ERR [SYS/TEMP]. A
   * failure after the first byte can only cut the connection (the client sees no final dot).
   */
  private Source<ByteString, NotUsed> transfer(Pop3Effect.Transfer t) {
    CompletionStage<Source<ByteString, NotUsed>> found;
    try {
      found = backend.message(t.maildrop(), t.uid());
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    return Source.completionStage(found.<Optional<Source<ByteString, NotUsed>>>handle((bytes, failure) -> {
      if (failure != null) {
        log.warn("POP3 {}: message {} of {} unreadable: {}", sessionId, t.uid(),
            t.maildrop().account(), failure.toString());
        return Optional.empty();
      }
      return Optional.of(bytes);
    })).flatMapConcat(bytes -> bytes.map(message -> {
      Source<ByteString, NotUsed> body = t.bodyLines() == Pop3Effect.Transfer.WHOLE
          ? message : message.via(MessageTransfer.top(t.bodyLines()));
      return Source.single(ByteString.fromString("+OK " + t.status() + "\r\n"))
          .concat(body.via(MessageTransfer.dotStuffed()));
    }).orElseGet(() -> Source.single(UNREADABLE.encode())));
  }

  private synchronized void terminated(Throwable failure) {
    if (failure != null) {
      log.debug("POP3 {}: connection ended: {}", sessionId, failure.toString());
    }
    for (Pop3Effect effect : session.disconnected()) {
      if (effect instanceof Pop3Effect.Release r) {
        backend.release(r.account(), sessionId);
      }
    }
  }
}
