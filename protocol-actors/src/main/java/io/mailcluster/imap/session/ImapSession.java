package io.mailcluster.imap.session;

import io.mailcluster.control.FolderRef;
import io.mailcluster.control.Rejection;
import io.mailcluster.imap.codec.CommandError;
import io.mailcluster.imap.content.ContentSettings;
import io.mailcluster.imap.content.MessageSearch;
import io.mailcluster.imap.content.SectionFetcher;
import io.mailcluster.imap.codec.EncoderOptions;
import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ImapResponse.Condition;
import io.mailcluster.imap.codec.MailboxName;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.imap.codec.ResponseEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP connection's state machine (RFC 9051 and RFC 3501): not authenticated,
 * authenticated, selected, logged out. Each command yields a {@link SessionReply} through the
 * {@link ImapBackend}; the transport hands commands in one at a time, after the previous
 * reply's bytes are written, so this object is only ever touched by one thread at a time.
 *
 * <p>Mailbox commands live in {@link MailboxCommands}, message commands in
 * {@link MessageCommands}, FETCH in {@link FetchCommand}, SEARCH in {@link SearchCommand}.
 * Untagged updates (EXISTS, EXPUNGE or VANISHED, FETCH FLAGS) come from asking the folder
 * what changed after each command in the selected state, and at once during IDLE.
 */
public final class ImapSession {

  enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

  private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

  static final char DELIMITER = '/';

  private static final List<String> COMMON_CAPABILITIES = List.of(
      "IMAP4rev1", "IMAP4rev2", "LITERAL-", "SASL-IR", "AUTH=PLAIN", "ENABLE", "IDLE", "UIDPLUS",
      "MOVE", "NAMESPACE", "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS",
      "ESEARCH", "SEARCHRES", "CONDSTORE", "QRESYNC", "UNSELECT", "CHILDREN", "ID", "BINARY");

  final ImapBackend backend;
  final ImapSessionSettings settings;
  private final String sessionId;
  /** The client's IP address as text; logins are recorded with it. */
  final String clientAddress;

  State state = State.NOT_AUTHENTICATED;
  String account;
  SelectedMailbox selected;
  boolean rev2;
  boolean condStore;
  boolean qresync;
  ResponseEncoder encoder = new ResponseEncoder(EncoderOptions.REV1);
  /** The uids saved by SEARCH ... RETURN (SAVE) (RFC 5182), for "$". */
  List<Long> savedSearch = List.of();

  private final LoginCommands login;
  private String idleTag;
  private final MailboxCommands mailboxes;
  private final MessageCommands messages;
  private final FetchCommand fetch;
  private final SearchCommand search;
  private final AppendCommand append;

  /** @param clientAddress the client's IP address as text (behind a balancer, from PROXY) */
  public ImapSession(ImapBackend backend, ImapSessionSettings settings, ContentSettings content,
      Materializer materializer, String sessionId, String clientAddress) {
    this.backend = backend;
    this.settings = settings;
    this.sessionId = sessionId;
    this.clientAddress = clientAddress;
    this.mailboxes = new MailboxCommands(this);
    this.messages = new MessageCommands(this);
    this.fetch = new FetchCommand(this, new SectionFetcher(content, materializer));
    this.search = new SearchCommand(this, new SearchMatcher(backend, new MessageSearch(content, materializer)));
    this.append = new AppendCommand(this);
    this.login = new LoginCommands(this);
  }

  public ByteString greeting() {
    return encoder.encode(new ImapResponse.Untagged(Condition.OK,
        ResponseCode.capability(capabilities()), "mail cluster IMAP ready"));
  }

  public boolean authenticated() {
    return state == State.AUTHENTICATED || state == State.SELECTED;
  }

  public boolean idling() {
    return idleTag != null;
  }

  /** The folder id of the selected mailbox, for the transport's change watch; null if none. */
  public String selectedFolderId() {
    return selected == null ? null : selected.folderId;
  }

  List<String> capabilities() {
    return COMMON_CAPABILITIES;
  }

  EncoderOptions options() {
    return new EncoderOptions(rev2, false);
  }

  // ---- dispatch ---------------------------------------------------------------------------

  public CompletionStage<SessionReply> handle(ImapCommand command) {
    if (idleTag != null) {
      return done(command);
    }
    String refusal = CommandGate.refusal(command, state);
    if (refusal != null) {
      return reply(new Responses().bad(command.tag(), null, refusal));
    }
    try {
      return dispatch(command).exceptionally(failure -> SessionReply.of(
          new Responses().add(Failures.no(command.tag(), failure, Failures.Conflict.CANNOT)).encode(encoder)));
    } catch (RuntimeException e) {
      // a command that throws instead of answering is a bug: say so in the log, not only NO
      log.warn("IMAP {}: {} failed", sessionId, command.getClass().getSimpleName(), e);
      return reply(new Responses().add(Failures.unavailable(command.tag())));
    }
  }

  private CompletionStage<SessionReply> dispatch(ImapCommand c) {
    if (c instanceof ImapCommand.Capability) {
      return reply(new Responses().add(new ImapResponse.Capability(capabilities()))
          .ok(c.tag(), "CAPABILITY completed"));
    } else if (c instanceof ImapCommand.Noop || c instanceof ImapCommand.Check) {
      return withUpdates(true, new Responses().ok(c.tag(), name(c) + " completed"));
    } else if (c instanceof ImapCommand.Logout) {
      return logout(c.tag());
    } else if (c instanceof ImapCommand.Id) {
      Map<String, String> id = new LinkedHashMap<>();
      id.put("name", "mail-cluster");
      return reply(new Responses().add(new ImapResponse.Id(id)).ok(c.tag(), "ID completed"));
    } else if (c instanceof ImapCommand.Login l) {
      return login.login(l.tag(), l.user(), l.password());
    } else if (c instanceof ImapCommand.Authenticate a) {
      return login.authenticate(a);
    } else if (c instanceof ImapCommand.Enable e) {
      return enable(e);
    } else if (c instanceof ImapCommand.Idle) {
      return idle(c.tag());
    } else if (c instanceof ImapCommand.Done) {
      return reply(new Responses().add(new ImapResponse.Untagged(Condition.BAD, null, "DONE without IDLE")));
    } else if (c instanceof ImapCommand.Fetch f) {
      return fetch.run(f);
    } else if (c instanceof ImapCommand.Search s) {
      return search.run(s);
    }
    CompletionStage<SessionReply> r = mailboxes.run(c);
    return r != null ? r : messages.run(c);
  }

  private static String name(ImapCommand c) {
    return c.getClass().getSimpleName().toUpperCase(Locale.ROOT);
  }

  private CompletionStage<SessionReply> enable(ImapCommand.Enable e) {
    List<String> enabled = new ArrayList<>();
    for (String cap : e.capabilities()) {
      String upper = cap.toUpperCase(Locale.ROOT);
      if (upper.equals("IMAP4REV2") && !rev2) {
        rev2 = true;
        enabled.add("IMAP4rev2");
      } else if (upper.equals("CONDSTORE") && !condStore) {
        condStore = true;
        enabled.add("CONDSTORE");
      } else if (upper.equals("QRESYNC") && !qresync) {
        qresync = true;
        condStore = true;
        enabled.add("QRESYNC");
      }
    }
    encoder = new ResponseEncoder(options());
    return reply(new Responses().add(new ImapResponse.Enabled(enabled)).ok(e.tag(), "ENABLE completed"));
  }

  private CompletionStage<SessionReply> logout(String tag) {
    closeSelected();
    state = State.LOGOUT;
    Responses out = new Responses()
        .add(new ImapResponse.Untagged(Condition.BYE, null, "logging out"))
        .ok(tag, "LOGOUT completed");
    return CompletableFuture.completedStage(
        new SessionReply(SessionReply.of(out.encode(encoder)).output(), true, false));
  }

  /** The node is leaving: tell the client and close (RFC 9051 section 7.1.5). */
  public ByteString shuttingDown() {
    state = State.LOGOUT;
    return encoder.encode(new ImapResponse.Untagged(Condition.BYE, ResponseCode.UNAVAILABLE,
        "this server is shutting down, reconnect"));
  }

  /** A step failed in a way the session did not foresee: say so and close (logged by the caller). */
  public ByteString internalError() {
    state = State.LOGOUT;
    return encoder.encode(new ImapResponse.Untagged(Condition.BYE, ResponseCode.SERVERBUG,
        "internal error, please reconnect"));
  }

  /** The client was silent for too long. */
  public ByteString autologout() {
    state = State.LOGOUT;
    return encoder.encode(new ImapResponse.Untagged(Condition.BYE, null, "autologout, idle for too long"));
  }

  /** The client's line after the "+" of AUTHENTICATE PLAIN. */
  public CompletionStage<SessionReply> continuation(String line) {
    return login.continuation(line);
  }

  // ---- APPEND and refused commands ------------------------------------------------------

  /** The head of an APPEND arrived: an upload to stream the message into, or the refusal. */
  public CompletionStage<AppendDecision> beginAppend(ImapCommand.Append head) {
    return append.begin(head);
  }

  /** The APPEND's message was streamed into {@code upload}: commit it. */
  public CompletionStage<SessionReply> endAppend(String tag, AppendUpload upload) {
    return append.end(tag, upload);
  }

  /** Storing an APPENDed message failed before its end: NO [UNAVAILABLE]. */
  public SessionReply appendFailed(String tag) {
    return SessionReply.of(new Responses().add(Failures.unavailable(tag)).encode(encoder));
  }

  /** The decoder refused a command (RFC 9051 section 7.1: BAD, or NO for a too big message). */
  public SessionReply refused(Optional<String> tag, CommandError error, String detail) {
    String t = tag.orElse("*");
    Responses out = new Responses();
    switch (error) {
      case MESSAGE_TOO_BIG -> out.add(status(t, Condition.NO, ResponseCode.TOOBIG, "message too big"));
      case LITERAL_TOO_BIG -> out.add(status(t, Condition.BAD, ResponseCode.TOOBIG, "literal too big"));
      case BAD_CHARSET -> out.add(status(t, Condition.NO,
          ResponseCode.badCharset(List.of("UTF-8", "US-ASCII")), "unknown charset"));
      case LINE_TOO_LONG -> out.add(status(t, Condition.BAD, null, "command line too long"));
      case NESTING_TOO_DEEP -> out.add(status(t, Condition.BAD, null, "parentheses nested too deep"));
      case SYNTAX -> out.add(status(t, Condition.BAD, null, Failures.safeText(detail)));
    }
    return SessionReply.of(out.encode(encoder));
  }

  /** A tagged status, or an untagged one when the tag was unreadable. */
  private static ImapResponse status(String tag, Condition condition, ResponseCode code, String text) {
    return tag.equals("*") ? new ImapResponse.Untagged(condition, code, text)
        : new ImapResponse.Tagged(tag, condition, code, text);
  }

  /** "+" for a synchronizing literal the decoder accepted. */
  public ByteString goAhead() {
    return encoder.encode(new ImapResponse.Continuation("ready for literal data"));
  }

  // ---- IDLE -------------------------------------------------------------------------------

  private CompletionStage<SessionReply> idle(String tag) {
    idleTag = tag;
    Responses out = new Responses().add(new ImapResponse.Continuation("idling"));
    return withUpdates(true, out);
  }

  private CompletionStage<SessionReply> done(ImapCommand command) {
    String tag = idleTag;
    idleTag = null;
    if (!(command instanceof ImapCommand.Done)) {
      return reply(new Responses().bad(tag, null, "expected DONE to end IDLE"));
    }
    return withUpdates(true, new Responses().ok(tag, "IDLE terminated"));
  }

  /** The selected folder changed somewhere in the cluster: while idling, tell the client now. */
  public CompletionStage<SessionReply> folderChanged() {
    if (idleTag == null || selected == null) {
      return reply(new Responses());
    }
    return withUpdates(true, new Responses());
  }

  // ---- helpers for the command classes ---------------------------------------------------

  CompletionStage<SessionReply> reply(Responses out) {
    return CompletableFuture.completedStage(SessionReply.of(out.encode(encoder)));
  }

  /** The untagged updates of the selected folder, then {@code tail} (typically the tagged OK). */
  CompletionStage<SessionReply> withUpdates(boolean allowExpunge, Responses tail) {
    return updates(allowExpunge).thenApply(updates -> {
      Responses out = new Responses();
      if (selected != null && selected.gone) {
        state = State.LOGOUT;
        out.add(new ImapResponse.Untagged(Condition.BYE, null, "the selected mailbox was deleted"));
        closeSelected();
        return new SessionReply(SessionReply.of(out.encode(encoder)).output(), true, false);
      }
      return SessionReply.of(out.addAll(updates).encode(encoder).concat(tail.encode(encoder)));
    });
  }

  /** Asks the selected folder what changed since this view last looked. Best effort. */
  CompletionStage<List<ImapResponse>> updates(boolean allowExpunge) {
    SelectedMailbox view = selected;
    if (view == null) {
      return CompletableFuture.completedStage(List.of());
    }
    SelectedMailbox.Notice notice = notice(allowExpunge);
    return backend.changes(view.folderId, view.highestModSeq, view.uidNext)
        .thenCompose(changes -> changes.expungedKnown()
            ? CompletableFuture.completedStage(view.apply(changes, notice))
            : backend.uids(view.folderId).thenApply(all -> {
              view.expungeMissing(all);
              return view.apply(changes, notice);
            }))
        .exceptionally(failure -> {
          if (Failures.isRejection(failure, Rejection.Kind.NOT_FOUND)) {
            view.gone = true;
          }
          return List.of(); // storage trouble: the next command asks again
        });
  }

  SelectedMailbox.Notice notice(boolean allowExpunge) {
    return new SelectedMailbox.Notice(allowExpunge, qresync, condStore, !rev2);
  }

  /** Decodes a mailbox name as sent (modified UTF-7 unless the client speaks UTF-8). */
  Optional<String> mailboxName(String raw) {
    Optional<String> name = rev2 ? Optional.of(raw) : MailboxName.decode(raw);
    return name.map(n -> n.equalsIgnoreCase(FolderRef.INBOX) ? FolderRef.INBOX
        : n.regionMatches(true, 0, FolderRef.INBOX + DELIMITER, 0, 6) ? FolderRef.INBOX + n.substring(5) : n);
  }

  void select(SelectedMailbox view) {
    selected = view;
    state = State.SELECTED;
    savedSearch = List.of();
  }

  void closeSelected() {
    selected = null;
    savedSearch = List.of();
    if (state == State.SELECTED) {
      state = State.AUTHENTICATED;
    }
  }
}
