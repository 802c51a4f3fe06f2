package io.mailcluster.pop3.session;

import io.mailcluster.sasl.SaslPlain;

import io.mailcluster.pop3.codec.LineDecoder;
import io.mailcluster.pop3.codec.Pop3Command;
import io.mailcluster.pop3.codec.Pop3Parser;
import io.mailcluster.pop3.codec.Pop3Reply;
import io.mailcluster.pop3.codec.Pop3Reply.ResponseCode;
import io.mailcluster.pop3.codec.Pop3Settings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The POP3 server session (RFC 1939 with RFC 2449 CAPA and response codes, RFC 5034 SASL
 * PLAIN) as a deterministic state machine: {@link #handle} takes one input and returns the
 * effects it causes, in order. No I/O, no clock: a test drives it with plain calls.
 *
 * <p>States: AUTHORIZATION until a login succeeds and the maildrop is locked, then
 * TRANSACTION; QUIT there commits the deletions (UPDATE), any other end (dropped connection,
 * idle timeout, too many errors) releases the maildrop unchanged. While a request is
 * outstanding the session takes only its answer; the transport holds further lines.
 *
 * <p>One object per connection: the phase is an immutable state value, while the DELE marks
 * are a mutable bit set, so that marking one message of a large maildrop costs O(1).
 */
public final class Pop3Session {

  private sealed interface State {}

  /** Waiting for a login; {@code user} after USER, {@code sasl} after AUTH PLAIN without data. */
  private record Authorization(String user, boolean sasl) implements State {}

  /** A request is outstanding; {@code quitting} when it is the commit of QUIT. */
  private record Waiting(boolean quitting) implements State {}

  /** Logged in with the maildrop locked; its DELE marks are the session's {@code deleted}. */
  private record Transaction(Maildrop maildrop) implements State {}

  private record Closed() implements State {}

  private static final Authorization FRESH = new Authorization(null, false);
  private static final List<String> CAPABILITIES = List.of(
      "TOP", "UIDL", "USER", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "SASL PLAIN",
      "IMPLEMENTATION mail-cluster");

  private final Pop3Settings settings;
  private State state = FRESH;
  private int errors;
  private int failedLogins;
  private String maildropOwner;
  /** DELE marks by message number, and their totals (mutable: one DELE must not copy them). */
  private final BitSet deleted = new BitSet();
  private long deletedOctets;
  private long totalOctets;

  public Pop3Session(Pop3Settings settings) {
    this.settings = settings;
  }

  /** True once a login succeeded (the maildrop is held) or the session is over. */
  public boolean loggedIn() {
    return maildropOwner != null || state instanceof Closed;
  }

  /**
   * What to undo when the connection ends without QUIT: release a held maildrop, unless the
   * commit of QUIT is under way (it releases the lock itself once the deletions are stored).
   */
  public List<Pop3Effect> disconnected() {
    boolean committing = state instanceof Waiting w && w.quitting();
    state = new Closed();
    if (committing) {
      maildropOwner = null;
      return List.of();
    }
    return releaseHeld();
  }

  public List<Pop3Effect> handle(Pop3Input input) {
    List<Pop3Effect> out = new ArrayList<>();
    if (state instanceof Closed) {
      if (input instanceof Pop3Input.MaildropOpened m) {
        // the client went away while the lock was being taken: give it back at once
        out.add(new Pop3Effect.Release(m.maildrop().account()));
      }
      return out;
    }
    if (input instanceof Pop3Input.Connected) {
      reply(out, Pop3Reply.ok(settings.hostname() + " POP3 ready"));
    } else if (input instanceof Pop3Input.Line l) {
      line(out, l.line());
    } else if (input instanceof Pop3Input.Authenticated a) {
      authenticated(out, a.account());
    } else if (input instanceof Pop3Input.Unavailable) {
      state = FRESH;
      reply(out, Pop3Reply.err(ResponseCode.SYS_TEMP, "mailbox unavailable, try again later"));
    } else if (input instanceof Pop3Input.MaildropOpened m) {
      opened(out, m.maildrop());
    } else if (input instanceof Pop3Input.MaildropInUse) {
      state = FRESH;
      reply(out, Pop3Reply.err(ResponseCode.IN_USE, "maildrop is locked by another session"));
    } else if (input instanceof Pop3Input.Committed c) {
      maildropOwner = null; // the commit released the lock too
      state = new Closed();
      reply(out, c.done()
          ? Pop3Reply.ok(settings.hostname() + " POP3 server signing off")
          : Pop3Reply.err(ResponseCode.SYS_TEMP, "some deleted messages not removed"));
      out.add(new Pop3Effect.Close());
    }
    return out;
  }

  private void line(List<Pop3Effect> out, LineDecoder.Line line) {
    if (state instanceof Waiting) {
      throw new IllegalStateException("input while a request is outstanding");
    }
    if (!(line instanceof LineDecoder.Line.Text) && state instanceof Authorization a && a.sasl()) {
      state = FRESH; // a broken SASL response ends the exchange
    }
    if (line instanceof LineDecoder.Line.TooLong) {
      error(out, "line too long");
    } else if (line instanceof LineDecoder.Line.NotUtf8) {
      error(out, "line is not UTF-8");
    } else if (state instanceof Authorization a && a.sasl()) {
      saslResponse(out, ((LineDecoder.Line.Text) line).text());
    } else {
      command(out, Pop3Parser.parse(((LineDecoder.Line.Text) line).text()));
    }
  }

  private void command(List<Pop3Effect> out, Pop3Command command) {
    if (command instanceof Pop3Command.Capa) {
      reply(out, Pop3Reply.okLines("capability list follows", CAPABILITIES));
    } else if (command instanceof Pop3Command.Quit) {
      quit(out);
    } else if (command instanceof Pop3Command.Unknown) {
      error(out, "unknown command");
    } else if (command instanceof Pop3Command.Invalid i) {
      error(out, i.reason());
    } else if (state instanceof Authorization a) {
      authorization(out, a, command);
    } else {
      transaction(out, (Transaction) state, command);
    }
  }

  private void authorization(List<Pop3Effect> out, Authorization a, Pop3Command command) {
    if (command instanceof Pop3Command.User u) {
      state = new Authorization(u.name(), false);
      reply(out, Pop3Reply.ok("send PASS")); // the same for every name: no user probing
    } else if (command instanceof Pop3Command.Pass p && a.user() != null) {
      authenticate(out, a.user(), p.password());
    } else if (command instanceof Pop3Command.Pass) {
      error(out, "USER first");
    } else if (command instanceof Pop3Command.Auth auth) {
      auth(out, auth);
    } else {
      error(out, "not valid before login");
    }
  }

  private void auth(List<Pop3Effect> out, Pop3Command.Auth auth) {
    if (auth.mechanism() == null) {
      reply(out, Pop3Reply.okLines("mechanisms follow", List.of("PLAIN")));
    } else if (!auth.mechanism().equals("PLAIN")) {
      error(out, "unsupported authentication mechanism");
    } else if (auth.initialResponse() == null) {
      state = new Authorization(null, true);
      out.add(new Pop3Effect.Continue());
    } else {
      saslResponse(out, auth.initialResponse());
    }
  }

  /** A SASL PLAIN response: "*" cancels (RFC 5034), else base64 of authzid NUL authcid NUL pass. */
  private void saslResponse(List<Pop3Effect> out, String response) {
    state = FRESH;
    if (response.equals("*")) {
      error(out, "authentication cancelled");
      return;
    }
    SaslPlain.Credentials credentials = SaslPlain.decode(response);
    if (credentials == null) {
      error(out, "malformed SASL PLAIN response");
    } else {
      authenticate(out, credentials.user(), credentials.password());
    }
  }

  private void authenticate(List<Pop3Effect> out, String user, String password) {
    state = new Waiting(false);
    out.add(new Pop3Effect.Authenticate(user, password));
  }

  private void authenticated(List<Pop3Effect> out, String account) {
    if (account != null) {
      state = new Waiting(false);
      out.add(new Pop3Effect.OpenMaildrop(account));
      return;
    }
    state = FRESH;
    failedLogins++;
    if (failedLogins >= settings.maxFailedLogins()) {
      close(out, Pop3Reply.err(ResponseCode.AUTH, "too many failed logins"));
    } else {
      reply(out, Pop3Reply.err(ResponseCode.AUTH, "invalid user name or password"));
    }
  }

  private void opened(List<Pop3Effect> out, Maildrop maildrop) {
    maildropOwner = maildrop.account();
    Transaction t = new Transaction(maildrop);
    state = t;
    totalOctets = 0;
    for (int n = 1; n <= maildrop.count(); n++) {
      totalOctets += maildrop.size(n);
    }
    reply(out, Pop3Reply.ok("maildrop has " + count(t) + " messages (" + octets() + " octets)"));
  }

  private void transaction(List<Pop3Effect> out, Transaction t, Pop3Command command) {
    Maildrop maildrop = t.maildrop();
    if (command instanceof Pop3Command.Stat) {
      reply(out, Pop3Reply.ok(count(t) + " " + octets()));
    } else if (command instanceof Pop3Command.ListMessages l) {
      listing(out, t, l.message(), n -> String.valueOf(maildrop.size(n)));
    } else if (command instanceof Pop3Command.Uidl u) {
      listing(out, t, u.message(), maildrop::uniqueId);
    } else if (command instanceof Pop3Command.Retr r) {
      transfer(out, t, r.message(), Pop3Effect.Transfer.WHOLE);
    } else if (command instanceof Pop3Command.Top top) {
      transfer(out, t, top.message(), top.lines());
    } else if (command instanceof Pop3Command.Dele d) {
      if (exists(out, t, d.message())) {
        deleted.set(d.message());
        deletedOctets += maildrop.size(d.message());
        reply(out, Pop3Reply.ok("message " + d.message() + " deleted"));
      }
    } else if (command instanceof Pop3Command.Rset) {
      deleted.clear();
      deletedOctets = 0;
      reply(out, Pop3Reply.ok("maildrop has " + maildrop.count() + " messages"));
    } else if (command instanceof Pop3Command.Noop) {
      reply(out, Pop3Reply.ok(""));
    } else {
      error(out, "not valid after login");
    }
  }

  /** One message's "n value", or (ALL) every message's, streamed by the transport. */
  private void listing(List<Pop3Effect> out, Transaction t, int number, IntFunction<String> value) {
    if (number == Pop3Command.ALL) {
      out.add(new Pop3Effect.Listing(count(t) + " messages", t.maildrop(), deleted, value));
    } else if (exists(out, t, number)) {
      reply(out, Pop3Reply.ok(number + " " + value.apply(number)));
    }
  }

  private void transfer(List<Pop3Effect> out, Transaction t, int number, int bodyLines) {
    if (exists(out, t, number)) {
      String status = bodyLines == Pop3Effect.Transfer.WHOLE
          ? t.maildrop().size(number) + " octets" : "top of message follows";
      out.add(new Pop3Effect.Transfer(status, t.maildrop(), t.maildrop().uid(number), bodyLines));
    }
  }

  /** True if message {@code number} is there and not deleted; else answers why not. */
  private boolean exists(List<Pop3Effect> out, Transaction t, int number) {
    if (number < 1 || number > t.maildrop().count()) {
      error(out, "no such message");
      return false;
    }
    if (deleted.get(number)) {
      error(out, "message " + number + " already deleted");
      return false;
    }
    return true;
  }

  private void quit(List<Pop3Effect> out) {
    if (state instanceof Transaction t && !deleted.isEmpty()) {
      TreeSet<Long> uids = new TreeSet<>();
      deleted.stream().forEach(n -> uids.add(t.maildrop().uid(n)));
      state = new Waiting(true);
      out.add(new Pop3Effect.Commit(t.maildrop(), uids));
      return;
    }
    out.addAll(releaseHeld());
    state = new Closed();
    reply(out, Pop3Reply.ok(settings.hostname() + " POP3 server signing off"));
    out.add(new Pop3Effect.Close());
  }

  /** A refused command: -ERR, and the connection closed once the limit is reached. */
  private void error(List<Pop3Effect> out, String reason) {
    errors++;
    if (errors >= settings.maxErrors()) {
      close(out, Pop3Reply.err(reason + "; too many errors, closing"));
    } else {
      reply(out, Pop3Reply.err(reason));
    }
  }

  private void close(List<Pop3Effect> out, Pop3Reply last) {
    out.addAll(releaseHeld());
    state = new Closed();
    reply(out, last);
    out.add(new Pop3Effect.Close());
  }

  private List<Pop3Effect> releaseHeld() {
    if (maildropOwner == null) {
      return List.of();
    }
    String owner = maildropOwner;
    maildropOwner = null;
    return List.of(new Pop3Effect.Release(owner));
  }

  private static void reply(List<Pop3Effect> out, Pop3Reply reply) {
    out.add(new Pop3Effect.Reply(reply));
  }

  private int count(Transaction t) {
    return t.maildrop().count() - deleted.cardinality();
  }

  private long octets() {
    return totalOctets - deletedOctets;
  }
}
