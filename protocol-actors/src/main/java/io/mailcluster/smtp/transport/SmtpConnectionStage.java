package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.codec.ReplyEncoder;
import io.mailcluster.smtp.codec.SmtpReply;
import io.mailcluster.smtp.codec.SmtpSettings;
import io.mailcluster.smtp.session.Resolution;
import io.mailcluster.smtp.session.SessionEffect;
import io.mailcluster.smtp.session.SessionInput;
import io.mailcluster.smtp.session.SmtpSession;
import io.mailcluster.smtp.session.Step;
import io.mailcluster.smtp.session.StoreFailure;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Drives one {@link SmtpSession} as a {@code Flow<ByteString, ByteString>}: socket bytes in,
 * encoded replies out. Effects run against the ports; their answers come back through async
 * callbacks, so no stream thread ever waits.
 *
 * <p>Backpressure: the stage pulls the socket only when the session is not awaiting an
 * answer, no effect is queued (so at most one content chunk is in the store's hands while
 * one more read is decoded) and fewer than {@link #MAX_PENDING_OUTPUT} reply bytes wait for
 * the client to read them. A slow store therefore slows the client's TCP window, and the
 * memory a connection holds is bounded by about two socket reads whatever the message size.
 *
 * <p>Ends: a Close effect completes the stage once the replies before it are written (the
 * server closes the socket). The client closing, the socket failing or the output being
 * cancelled feed {@link SessionInput.Disconnected}, which aborts an open upload. An idle
 * timer (command or data timeout, as the session reads commands or content) feeds
 * {@link SessionInput.Timeout}. The materialized {@link SmtpConnection} feeds
 * {@link SessionInput.ShuttingDown}.
 */
public final class SmtpConnectionStage
    extends AbstractGraphStageWithMaterializedValue<FlowShape<ByteString, ByteString>, SmtpConnection> {

  /** Reply bytes the client has not read yet beyond which the stage stops reading commands. */
  static final int MAX_PENDING_OUTPUT = 64 * 1024;

  private static final String IDLE_TIMER = "idle";

  private final Inlet<ByteString> in = Inlet.create("SmtpConnection.in");
  private final Outlet<ByteString> out = Outlet.create("SmtpConnection.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);

  private final SmtpSettings settings;
  private final Clock clock;
  private final String sessionId;
  private final String clientAddress;
  private final RecipientResolver resolver;
  private final MessageStore store;

  /**
   * @param sessionId unique in the cluster, letters, digits and '-' only (see SmtpSession)
   * @param clientAddress the real client IP address as text
   */
  public SmtpConnectionStage(SmtpSettings settings, Clock clock, String sessionId,
      String clientAddress, RecipientResolver resolver, MessageStore store) {
    this.settings = settings;
    this.clock = clock;
    this.sessionId = sessionId;
    this.clientAddress = clientAddress;
    this.resolver = resolver;
    this.store = store;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, SmtpConnection> createLogicAndMaterializedValuePair(
      Attributes inheritedAttributes) {
    CompletableFuture<Done> terminated = new CompletableFuture<>();
    Logic logic = new Logic(terminated);
    AsyncCallback<Done> shutDown = logic.shutDownCallback;
    SmtpConnection handle = new SmtpConnection() {
      @Override
      public void shutDown() {
        shutDown.invoke(Done.getInstance());
      }

      @Override
      public CompletionStage<Done> terminated() {
        return terminated;
      }
    };
    return Pair.create(logic, handle);
  }

  /** The message being uploaded; identity tells late callbacks of an older upload apart. */
  private static final class Upload {
    final long requestId;
    final MessageUpload port;
    boolean broken;

    Upload(long requestId, MessageUpload port) {
      this.requestId = requestId;
      this.port = port;
      this.broken = port == null;
    }
  }

  private record OfferDone(Upload upload, Throwable failure) {}

  private final class Logic extends TimerGraphStageLogic {

    private final CompletableFuture<Done> terminated;
    private final SmtpSession session;
    private final Deque<SessionEffect> effects = new ArrayDeque<>();
    private final Deque<ByteString> output = new ArrayDeque<>();
    private long outputBytes;
    private Upload upload;
    private boolean offerInFlight;
    private boolean closing;
    /** The client finished sending; Disconnected waits until its input has been answered. */
    private boolean inputFinished;

    final AsyncCallback<Done> shutDownCallback =
        createAsyncCallback(done -> input(new SessionInput.ShuttingDown()));
    private final AsyncCallback<SessionInput> answer = createAsyncCallback(this::input);
    private final AsyncCallback<OfferDone> offerDone = createAsyncCallback(this::offerDone);

    Logic(CompletableFuture<Done> terminated) {
      super(shape);
      this.terminated = terminated;
      this.session = new SmtpSession(settings, clock, sessionId);

      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          input(new SessionInput.Bytes(grab(in)));
        }

        @Override
        public void onUpstreamFinish() {
          inputFinished = true;
          if (!session.awaiting()) {
            input(new SessionInput.Disconnected());
          } // else: once the answer came and the held input is processed (see input)
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          input(new SessionInput.Disconnected());
          completeStage(); // the socket is gone; nothing more can be written
        }
      });

      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          flush();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          input(new SessionInput.Disconnected());
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      input(new SessionInput.Connected(clientAddress, null, clock.instant()));
    }

    @Override
    public void onTimer(Object timerKey) {
      input(new SessionInput.Timeout());
    }

    @Override
    public void postStop() {
      if (upload != null) {
        upload.port.abort(); // stopped with content half sent and no commit asked: drop it
        upload = null;
      }
      terminated.complete(Done.getInstance());
    }

    // --- the session ---------------------------------------------------------------------

    private void input(SessionInput event) {
      Step step = session.handle(event);
      for (SmtpReply reply : step.replies()) {
        ByteString bytes = ReplyEncoder.encode(reply);
        output.add(bytes);
        outputBytes += bytes.size();
      }
      for (SessionEffect effect : step.effects()) {
        if (effect instanceof SessionEffect.AbortMessage a) {
          abort(a.requestId());
        } else if (effect instanceof SessionEffect.Close) {
          closing = true;
        } else {
          effects.add(effect);
        }
      }
      runEffects();
      if (isAvailable(out)) {
        flush();
      }
      if (closing) {
        cancelTimer(IDLE_TIMER);
        if (output.isEmpty()) {
          completeStage();
        }
      } else if (inputFinished && !session.awaiting()) {
        input(new SessionInput.Disconnected()); // pipelined input before the FIN is answered
      } else {
        scheduleOnce(IDLE_TIMER,
            session.readingContent() ? settings.dataTimeout() : settings.commandTimeout());
        readMore();
      }
    }

    /** Pulls the socket when the session, the store and the client can take more. */
    private void readMore() {
      if (!closing && effects.isEmpty() && !session.awaiting() && !session.isClosed()
          && outputBytes < MAX_PENDING_OUTPUT && !hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    /** Writes every pending reply in one element (one TCP write for a pipelined batch). */
    private void flush() {
      if (output.isEmpty() || !isAvailable(out)) {
        return;
      }
      ByteString all = ByteString.emptyByteString();
      while (!output.isEmpty()) {
        all = all.concat(output.poll());
      }
      outputBytes = 0;
      push(out, all);
      if (closing) {
        completeStage(); // the element pushed above is still delivered before completion
      } else {
        readMore();
      }
    }

    // --- effects -------------------------------------------------------------------------

    /** Performs queued effects in order; content and commit wait for the previous offer. */
    private void runEffects() {
      while (!effects.isEmpty()) {
        SessionEffect effect = effects.peek();
        if (offerInFlight && (effect instanceof SessionEffect.MessageContent
            || effect instanceof SessionEffect.CommitMessage)) {
          return;
        }
        effects.poll();
        if (effect instanceof SessionEffect.ResolveRecipient r) {
          resolve(r);
        } else if (effect instanceof SessionEffect.BeginMessage b) {
          begin(b);
        } else if (effect instanceof SessionEffect.MessageContent c) {
          offer(c);
        } else if (effect instanceof SessionEffect.CommitMessage c) {
          commit(c);
        }
      }
    }

    private void resolve(SessionEffect.ResolveRecipient r) {
      CompletionStage<Resolution> answered;
      try {
        answered = resolver.resolve(r.address(), r.declaredSize());
      } catch (RuntimeException e) {
        answered = CompletableFuture.failedFuture(e);
      }
      answered.whenComplete((resolution, failure) -> answer.invoke(
          new SessionInput.RecipientResolved(r.requestId(),
              failure == null && resolution != null ? resolution : new Resolution.Unavailable())));
    }

    private void begin(SessionEffect.BeginMessage b) {
      MessageUpload port;
      try {
        port = store.begin(b.envelope(), sessionId + "-" + b.requestId());
      } catch (RuntimeException e) {
        port = null; // the content is then read and dropped, and the commit answered 451
      }
      upload = new Upload(b.requestId(), port);
    }

    private void offer(SessionEffect.MessageContent c) {
      Upload target = upload;
      if (target == null || target.requestId != c.requestId() || target.broken) {
        return;
      }
      offerInFlight = true;
      CompletionStage<Void> accepted;
      try {
        accepted = target.port.offer(c.bytes());
      } catch (RuntimeException e) {
        accepted = CompletableFuture.failedFuture(e);
      }
      accepted.whenComplete((ok, failure) -> offerDone.invoke(new OfferDone(target, failure)));
    }

    private void offerDone(OfferDone done) {
      if (done.upload() != upload) {
        return; // an aborted upload's late answer
      }
      offerInFlight = false;
      if (done.failure() != null) {
        upload.broken = true;
        upload.port.abort();
      }
      runEffects();
      readMore();
    }

    private void commit(SessionEffect.CommitMessage c) {
      Upload target = upload;
      upload = null; // from here the commit decides, not postStop
      long id = c.requestId();
      if (target == null || target.requestId != id || target.broken) {
        if (target != null && target.port != null) {
          target.port.abort();
        }
        answer.invoke(new SessionInput.MessageFailed(id, StoreFailure.TEMPORARY));
        return;
      }
      CompletionStage<Void> committed;
      try {
        committed = target.port.commit();
      } catch (RuntimeException e) {
        committed = CompletableFuture.failedFuture(e);
      }
      committed.whenComplete((ok, failure) -> answer.invoke(failure == null
          ? new SessionInput.MessageStored(id)
          : new SessionInput.MessageFailed(id, failureOf(failure))));
    }

    /** Abort is immediate: the upload is dropped and its queued effects with it. */
    private void abort(long requestId) {
      effects.removeIf(e -> requestIdOf(e) == requestId);
      if (upload != null && upload.requestId == requestId) {
        if (upload.port != null) {
          upload.port.abort();
        }
        upload = null;
        offerInFlight = false;
      }
    }
  }

  private static long requestIdOf(SessionEffect e) {
    if (e instanceof SessionEffect.BeginMessage b) {
      return b.requestId();
    } else if (e instanceof SessionEffect.MessageContent c) {
      return c.requestId();
    } else if (e instanceof SessionEffect.CommitMessage c) {
      return c.requestId();
    }
    return -1;
  }

  static StoreFailure failureOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof StoreFailedException s ? s.failure() : StoreFailure.TEMPORARY;
  }
}
