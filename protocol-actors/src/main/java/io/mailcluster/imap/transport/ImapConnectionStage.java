package io.mailcluster.imap.transport;

import io.mailcluster.imap.codec.CommandDecoder;
import io.mailcluster.imap.codec.DecoderResult;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapSettings;
import io.mailcluster.imap.content.ContentSettings;
import io.mailcluster.imap.session.AppendDecision;
import io.mailcluster.imap.session.AppendUpload;
import io.mailcluster.imap.session.ImapBackend;
import io.mailcluster.imap.session.ImapSession;
import io.mailcluster.imap.session.ImapSessionSettings;
import io.mailcluster.imap.session.SessionReply;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link ImapSession}: socket bytes in, the session's replies out as sources of
 * bytes (flattened in order by {@link ImapConnection#flow}). One input at a time: the next
 * command is decoded only when the previous reply's bytes have all been handed to the socket,
 * so the session is never touched by two threads and a pipelined command sees the effects
 * of the one before it.
 *
 * <p>Backpressure: the socket is pulled only when the decoder needs more octets and no reply
 * or upload is pending; an APPEND's message goes to the store one chunk at a time, each after
 * the store took the previous one.
 *
 * <p>Timers: until login, {@code login-timeout}; after it, {@code autologout} of silence.
 * During IDLE the selected folder's change notifications ask the session for updates at once.
 */
final class ImapConnectionStage extends
    AbstractGraphStageWithMaterializedValue<FlowShape<ByteString, Source<ByteString, NotUsed>>, ImapConnection> {

  private static final Logger log = LoggerFactory.getLogger(ImapConnectionStage.class);
  private static final String TIMER = "timeout";
  private static final String WATCH_SETTLED = "watch-settled";

  private final Inlet<ByteString> in = Inlet.create("ImapConnection.in");
  private final Outlet<Source<ByteString, NotUsed>> out = Outlet.create("ImapConnection.out");
  private final FlowShape<ByteString, Source<ByteString, NotUsed>> shape = FlowShape.of(in, out);

  private final ImapSettings codecSettings;
  private final ImapSessionSettings settings;
  private final ContentSettings content;
  private final ImapBackend backend;
  private final String sessionId;
  private final String clientAddress;

  ImapConnectionStage(ImapSettings codecSettings, ImapSessionSettings settings, ContentSettings content,
      ImapBackend backend, String sessionId, String clientAddress) {
    this.codecSettings = codecSettings;
    this.settings = settings;
    this.content = content;
    this.backend = backend;
    this.sessionId = sessionId;
    this.clientAddress = clientAddress;
  }

  @Override
  public FlowShape<ByteString, Source<ByteString, NotUsed>> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, ImapConnection> createLogicAndMaterializedValuePair(Attributes attributes) {
    CompletableFuture<Done> terminated = new CompletableFuture<>();
    Logic logic = new Logic(terminated);
    AsyncCallback<Done> shutDown = logic.shutDownCallback;
    ImapConnection handle = new ImapConnection() {
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

  private final class Logic extends TimerGraphStageLogic {

    private final CompletableFuture<Done> terminated;
    private final CommandDecoder decoder = new CommandDecoder(codecSettings);
    /** Made in preStart, when the materializer is known. */
    private ImapSession session;
    private final Deque<Source<ByteString, NotUsed>> output = new ArrayDeque<>();
    /** A command, upload step or reply is in progress: decode nothing more until it ends. */
    private boolean busy;
    private boolean closing;
    private boolean inputFinished;
    private AppendUpload upload;
    /** An APPEND was refused but its (non-synchronizing) message is on its way: drop it. */
    private SessionReply appendRefusal;
    private ImapBackend.Watch watch;
    private String watchedFolder;
    private boolean changedWhileBusy;

    final AsyncCallback<Done> shutDownCallback = createAsyncCallback(d -> shutDown());
    private final AsyncCallback<SessionReply> replied = createAsyncCallback(this::emitReply);
    private final AsyncCallback<Done> outputDone = createAsyncCallback(d -> replyWritten());
    private final AsyncCallback<AppendDecision> appendDecided = createAsyncCallback(this::appendDecided);
    private final AsyncCallback<Throwable> offered = createAsyncCallback(this::offered);
    private final AsyncCallback<Done> folderChanged = createAsyncCallback(d -> folderChanged());

    Logic(CompletableFuture<Done> terminated) {
      super(shape);
      this.terminated = terminated;
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          decoder.feed(grab(in));
          restartTimer();
          decode();
        }

        @Override
        public void onUpstreamFinish() {
          inputFinished = true;
          if (!busy) {
            finish();
          }
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          completeStage();
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          flush();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      session = new ImapSession(
          backend, settings, content, materializer(), sessionId, clientAddress);
      emit(Source.single(session.greeting()));
      restartTimer();
      pullIfIdle();
    }

    @Override
    public void postStop() {
      if (upload != null) {
        upload.abort();
        upload = null;
      }
      unwatch();
      terminated.complete(Done.getInstance());
    }

    @Override
    public void onTimer(Object key) {
      if (WATCH_SETTLED.equals(key)) {
        folderChanged(); // whatever changed while the new watch was spreading
        return;
      }
      if (!closing) {
        log.debug("IMAP {}: {}", sessionId, session.authenticated() ? "autologout" : "login timeout");
        closeWith(session.autologout());
      }
    }

    private void restartTimer() {
      scheduleOnce(TIMER, session.authenticated() ? settings.autologout() : settings.loginTimeout());
    }

    // ---- input ---------------------------------------------------------------------------

    /** Takes decoded inputs until one needs an answer from elsewhere or more octets. */
    private void decode() {
      while (!busy && !closing) {
        DecoderResult r = decoder.next();
        if (r instanceof DecoderResult.NeedMore) {
          if (inputFinished) {
            finish();
          }
          pullIfIdle();
          return;
        } else if (r instanceof DecoderResult.Decoded d) {
          run(() -> session.handle(d.command()));
        } else if (r instanceof DecoderResult.ContinuationNeeded) {
          emit(Source.single(session.goAhead()));
        } else if (r instanceof DecoderResult.ContinuationLine line) {
          run(() -> session.continuation(line.text()));
        } else if (r instanceof DecoderResult.AppendStart a) {
          startAppend(a.append());
        } else if (r instanceof DecoderResult.AppendChunk chunk) {
          offer(chunk.bytes());
        } else if (r instanceof DecoderResult.AppendEnd end) {
          endAppend(end.tag());
        } else if (r instanceof DecoderResult.Failed f) {
          if (upload != null) {
            upload.abort();
            upload = null;
          }
          appendRefusal = null;
          pendingHead = null;
          emitReply(session.refused(f.tag(), f.error(), f.detail()));
        }
      }
    }

    private void pullIfIdle() {
      if (!busy && !closing && !hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    /** Runs a session step; its reply comes back through {@link #replied}. */
    private void run(Supplier<CompletionStage<SessionReply>> step) {
      busy = true;
      CompletionStage<SessionReply> reply;
      try {
        reply = step.get();
      } catch (RuntimeException e) {
        reply = CompletableFuture.failedFuture(e);
      }
      reply.whenComplete((r, failure) -> {
        if (failure != null) {
          log.warn("IMAP {}: session step failed", sessionId, failure);
          replied.invoke(new SessionReply(Source.single(session.internalError()), true, false));
        } else {
          replied.invoke(r);
        }
      });
    }

    // ---- APPEND --------------------------------------------------------------------------

    private void startAppend(ImapCommand.Append head) {
      busy = true;
      pendingHead = head;
      session.beginAppend(head).whenComplete((decision, failure) -> appendDecided.invoke(
          failure == null ? decision : new AppendDecision(null, session.appendFailed(head.tag()))));
    }

    /** The APPEND whose head is being decided, then whose message is being streamed. */
    private ImapCommand.Append pendingHead;

    private void appendDecided(AppendDecision decision) {
      ImapCommand.Append head = Objects.requireNonNull(pendingHead);
      busy = false;
      if (decision.upload() != null) {
        upload = decision.upload();
        if (head.synchronizing()) {
          emit(Source.single(session.goAhead()));
        }
      } else if (head.synchronizing()) {
        decoder.rejectLiteral(); // the client will not send the message
        emitReply(decision.refusal());
        return;
      } else {
        appendRefusal = decision.refusal(); // answered once the message was read and dropped
      }
      decode();
    }

    private void offer(ByteString chunk) {
      if (upload == null) {
        return; // refused: drop
      }
      busy = true;
      CompletionStage<Void> accepted;
      try {
        accepted = upload.offer(chunk);
      } catch (RuntimeException e) {
        accepted = CompletableFuture.failedFuture(e);
      }
      accepted.whenComplete((ok, failure) -> offered.invoke(failure));
    }

    private void offered(Throwable failure) {
      busy = false;
      if (failure != null && upload != null) {
        log.debug("IMAP {}: append upload failed: {}", sessionId, failure.toString());
        upload.abort();
        upload = null;
        appendRefusal = session.appendFailed(pendingHead.tag());
      }
      decode();
    }

    private void endAppend(String tag) {
      pendingHead = null;
      if (appendRefusal != null) {
        SessionReply refusal = appendRefusal;
        appendRefusal = null;
        emitReply(refusal);
        return;
      }
      AppendUpload done = upload;
      upload = null;
      run(() -> session.endAppend(tag, done));
    }

    // ---- output --------------------------------------------------------------------------

    private void emitReply(SessionReply reply) {
      busy = true;
      if (reply.continuationLine()) {
        decoder.expectContinuationLine();
      }
      emit(reply.output().watchTermination((mat, done) -> {
        done.whenComplete((d, failure) -> outputDone.invoke(Done.getInstance()));
        return mat;
      }));
      if (reply.close()) {
        closing = true;
      }
      watchSelectedFolder();
    }

    private void replyWritten() {
      busy = false;
      restartTimer();
      if (closing) {
        flush();
        return;
      }
      if (changedWhileBusy) {
        changedWhileBusy = false;
        folderChanged();
        return;
      }
      decode(); // with the input finished: answers what was pipelined before the FIN, then ends
    }

    private void emit(Source<ByteString, NotUsed> bytes) {
      output.add(bytes);
      flush();
    }

    private void flush() {
      while (!output.isEmpty() && isAvailable(out)) {
        push(out, output.poll());
      }
      if (closing && output.isEmpty() && !busy) {
        completeStage();
      }
    }

    private void closeWith(ByteString last) {
      closing = true;
      emit(Source.single(last));
      if (!busy) {
        flush();
        if (output.isEmpty()) {
          completeStage();
        }
      }
    }

    private void finish() {
      if (!closing) {
        closing = true;
        if (output.isEmpty() && !busy) {
          completeStage();
        }
      }
    }

    private void shutDown() {
      if (closing) {
        return;
      }
      if (busy) {
        // let the command in progress answer first, then say goodbye
        closing = true;
        output.add(Source.single(session.shuttingDown()));
        return;
      }
      closeWith(session.shuttingDown());
    }

    // ---- change notifications (IDLE) ----------------------------------------------------

    private void watchSelectedFolder() {
      String folder = session.selectedFolderId();
      if (Objects.equals(folder, watchedFolder)) {
        return;
      }
      unwatch();
      if (folder != null) {
        watchedFolder = folder;
        watch = backend.watch(folder, () -> folderChanged.invoke(Done.getInstance()));
        // a new subscription reaches the other nodes with the next pub-sub gossip: look once
        // more after that, so a change made meanwhile still reaches an idling client
        scheduleOnce(WATCH_SETTLED, settings.watchSettleTime());
      }
    }

    private void unwatch() {
      if (watch != null) {
        watch.cancel();
        watch = null;
        watchedFolder = null;
      }
    }

    private void folderChanged() {
      if (!session.idling() || closing) {
        return; // not idling: the next command asks for changes anyway
      }
      if (busy) {
        changedWhileBusy = true;
        return;
      }
      run(session::folderChanged);
    }
  }
}
