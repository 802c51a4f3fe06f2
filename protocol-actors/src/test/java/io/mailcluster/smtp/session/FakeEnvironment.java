package io.mailcluster.smtp.session;

import io.mailcluster.quota.Quota;
import io.mailcluster.smtp.codec.ReplyEncoder;
import io.mailcluster.smtp.delivery.QuotaRules;
import io.mailcluster.smtp.codec.SmtpReply;
import io.mailcluster.smtp.codec.SmtpSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * A session plus a fake resolver and store that answer its effects at once, recording what
 * the session said (reply lines) and what reached the store. Everything it records is a value,
 * so two runs of the same conversation can be compared.
 */
final class FakeEnvironment {

  static final Instant NOW = Instant.parse("2026-11-28T17:00:00Z");

  /** One message as the store saw it. */
  record Message(SessionEffect.Envelope envelope, String content, String outcome) {}

  /** What a whole run produced. */
  record Outcome(List<String> serverLines, List<Message> messages, boolean closed) {}

  final SmtpSession session;
  final Map<String, Resolution> directory = new HashMap<>();
  final Deque<String> storeOutcomes = new ArrayDeque<>();
  /** Mailboxes with a quota (the others are unlimited): RCPT and commit apply the node's rules. */
  final Map<String, Quota> quotas = new HashMap<>();
  final List<String> serverLines = new ArrayList<>();
  final List<SmtpReply> replies = new ArrayList<>();
  final List<SessionEffect> effects = new ArrayList<>();
  private final Map<Long, SessionEffect.Envelope> envelopes = new LinkedHashMap<>();
  private final Map<Long, ByteStringBuilder> contents = new LinkedHashMap<>();
  private final Map<Long, String> outcomes = new LinkedHashMap<>();
  boolean closed;
  /** When set, answers wait in {@link #deferred} until {@link #release()}: a slow backend. */
  boolean defer;
  private final Deque<SessionInput> deferred = new ArrayDeque<>();

  FakeEnvironment(SmtpSettings settings) {
    this.session = new SmtpSession(settings, Clock.fixed(NOW, ZoneOffset.UTC), "T1");
  }

  static SmtpSettings settings() {
    return new SmtpSettings("mx.example.test", 512, 1000, 1_000_000, 100, 10,
        java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(10), 500,
        io.mailcluster.smtp.codec.BareLineEndingPolicy.REJECT);
  }

  FakeEnvironment connect() {
    return input(new SessionInput.Connected("192.0.2.10", null, NOW));
  }

  FakeEnvironment send(String text) {
    return send(ByteString.fromString(text, StandardCharsets.UTF_8));
  }

  FakeEnvironment send(ByteString bytes) {
    return input(new SessionInput.Bytes(bytes));
  }

  /** Feeds one input, then answers every request it caused (and those the answers cause). */
  FakeEnvironment input(SessionInput first) {
    Deque<SessionInput> queue = new ArrayDeque<>();
    queue.add(first);
    while (!queue.isEmpty()) {
      Step step = session.handle(queue.poll());
      for (SmtpReply r : step.replies()) {
        replies.add(r);
        for (String line : ReplyEncoder.encode(r).utf8String().split("\r\n")) {
          serverLines.add(line);
        }
      }
      for (SessionEffect e : step.effects()) {
        effects.add(e);
        answer(e, defer ? deferred : queue);
      }
    }
    return this;
  }

  /** Delivers the held answers, one at a time, until none is left. */
  FakeEnvironment release() {
    while (!deferred.isEmpty()) {
      input(deferred.poll());
    }
    return this;
  }

  private void answer(SessionEffect e, Deque<SessionInput> queue) {
    if (closed) {
      throw new AssertionError("effect after Close: " + e);
    }
    if (e instanceof SessionEffect.ResolveRecipient r) {
      Resolution res = directory.getOrDefault(r.address(), new Resolution.UnknownUser());
      if (res instanceof Resolution.Local local && !QuotaRules.admitsRecipient(
          local.mailboxAddresses().stream().map(this::quotaOf).toList(), r.declaredSize())) {
        res = new Resolution.OverQuota(); // as QuotaCheckingResolver decides
      }
      queue.add(new SessionInput.RecipientResolved(r.requestId(), res));
    } else if (e instanceof SessionEffect.BeginMessage b) {
      envelopes.put(b.requestId(), b.envelope());
      contents.put(b.requestId(), new ByteStringBuilder());
    } else if (e instanceof SessionEffect.MessageContent c) {
      if (!contents.containsKey(c.requestId()) || outcomes.containsKey(c.requestId())) {
        throw new AssertionError("content outside an open message: " + c);
      }
      contents.get(c.requestId()).append(c.bytes());
    } else if (e instanceof SessionEffect.CommitMessage c) {
      String outcome = storeOutcomes.isEmpty() ? quotaOutcome(c.requestId()) : storeOutcomes.poll();
      outcomes.put(c.requestId(), outcome);
      queue.add(switch (outcome) {
        case "ok" -> new SessionInput.MessageStored(c.requestId());
        case "temporary" -> new SessionInput.MessageFailed(c.requestId(), StoreFailure.TEMPORARY);
        case "quota" -> new SessionInput.MessageFailed(c.requestId(), StoreFailure.OVER_QUOTA);
        default -> throw new IllegalArgumentException("store outcome " + outcome);
      });
    } else if (e instanceof SessionEffect.AbortMessage a) {
      if (outcomes.containsKey(a.requestId())) {
        throw new AssertionError("abort after commit: " + a);
      }
      outcomes.put(a.requestId(), "aborted");
    } else if (e instanceof SessionEffect.Close) {
      closed = true;
    }
  }

  private Quota quotaOf(String mailbox) {
    return quotas.getOrDefault(mailbox, Quota.unlimited());
  }

  /** As MailboxMessageStore decides at commit: the stored size against every recipient's quota. */
  private String quotaOutcome(long requestId) {
    long size = contents.get(requestId).length();
    List<Quota> recipients = envelopes.get(requestId).recipients().stream().map(this::quotaOf).toList();
    return QuotaRules.admitsMessage(recipients, size) ? "ok" : "quota";
  }

  /** Messages the store was asked to keep and kept. */
  List<Message> stored() {
    return messages().stream().filter(m -> m.outcome().equals("ok")).toList();
  }

  List<Message> messages() {
    List<Message> out = new ArrayList<>();
    envelopes.forEach((id, env) -> out.add(new Message(
        env, contents.get(id).result().utf8String(), outcomes.getOrDefault(id, "open"))));
    return out;
  }

  Outcome outcome() {
    return new Outcome(List.copyOf(serverLines), messages(), closed);
  }
}
