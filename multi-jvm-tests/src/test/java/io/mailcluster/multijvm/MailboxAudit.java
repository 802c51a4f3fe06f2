package io.mailcluster.multijvm;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every mailbox back over IMAP (UID FETCH of the Subject header) and compares what is
 * there with what the load recorded: lost = acknowledged (250) but absent; duplicates = a subject
 * present more than once; unacknowledged = present although its sender got no 250 (refused or
 * uncertain outcomes; allowed for uncertain ones, reported for both).
 */
final class MailboxAudit {

  record Result(long acknowledged, long found, List<String> lost, List<String> duplicates,
      List<String> storedAfterRefusal, long storedUncertain, long unknown) {

    String summary() {
      return "acknowledged=" + acknowledged + " found=" + found + " lost=" + lost.size()
          + " duplicates=" + duplicates.size() + " stored-after-refusal=" + storedAfterRefusal.size()
          + " stored-uncertain=" + storedUncertain + " unknown=" + unknown
          + (lost.isEmpty() ? "" : " lost e.g. " + lost.subList(0, Math.min(5, lost.size())))
          + (duplicates.isEmpty() ? "" : " duplicated e.g. " + duplicates.subList(0, Math.min(5, duplicates.size())))
          + (storedAfterRefusal.isEmpty() ? "" : " stored although refused: "
              + storedAfterRefusal.subList(0, Math.min(5, storedAfterRefusal.size())));
    }
  }

  private static final Pattern SUBJECT = Pattern.compile("^Subject: (\\S+)", Pattern.CASE_INSENSITIVE);

  private MailboxAudit() {}

  /** Audits the mailboxes of {@code loads} through {@code nodes} (tried in turn per mailbox). */
  static Result audit(Collection<String> mailboxes, String password, List<NodeProcess> nodes,
      Collection<SmtpLoad> loads) {
    Map<String, Integer> counts = new HashMap<>();
    int turn = 0;
    for (String mailbox : mailboxes) {
      List<String> subjects = subjectsOf(mailbox, password, nodes, turn++);
      for (String subject : subjects) {
        counts.merge(mailbox + " " + subject, 1, Integer::sum);
      }
    }
    long acknowledged = 0;
    List<String> lost = new ArrayList<>();
    for (SmtpLoad load : loads) {
      for (SmtpLoad.Accepted a : load.accepted.values()) {
        acknowledged++;
        if (!counts.containsKey(a.mailbox() + " " + a.subject())) {
          lost.add(a.subject() + " in " + a.mailbox() + " (250 from " + a.node() + ")");
        }
      }
    }
    List<String> duplicates = new ArrayList<>();
    List<String> storedAfterRefusal = new ArrayList<>();
    long storedUncertain = 0;
    long unknown = 0;
    long found = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      found += e.getValue();
      if (e.getValue() > 1) {
        duplicates.add(e.getKey() + " x" + e.getValue());
      }
      String subject = e.getKey().substring(e.getKey().indexOf(' ') + 1);
      boolean known = false;
      for (SmtpLoad load : loads) {
        if (load.accepted.containsKey(subject)) {
          known = true;
        } else if (load.refused.containsKey(subject)) {
          known = true;
          SmtpLoad.Refusal refusal = load.refused.get(subject);
          storedAfterRefusal.add(subject + " (" + refusal.reply() + " from " + refusal.node() + " at nanoTime "
              + refusal.atNanos() + ")");
        } else if (load.uncertain.contains(subject)) {
          known = true;
          storedUncertain++;
        }
      }
      if (!known) {
        unknown++;
      }
    }
    return new Result(acknowledged, found, lost, duplicates, storedAfterRefusal, storedUncertain, unknown);
  }

  /** The Subject of every message in the mailbox's INBOX, in UID order, retried for up to a minute. */
  static List<String> subjectsOf(String mailbox, String password, List<NodeProcess> nodes, int turn) {
    List<String> result = new ArrayList<>();
    int[] attempt = {turn};
    Await.until(Duration.ofSeconds(60), "INBOX of " + mailbox + " read over IMAP", () -> {
      NodeProcess node = nodes.get(Math.floorMod(attempt[0]++, nodes.size()));
      result.clear();
      try (ImapLoad.Session session = ImapLoad.Session.open(node.host, node.imapPort)) {
        if (!session.login(mailbox, password) || !session.ok("e EXAMINE INBOX")) {
          return false;
        }
        List<String> lines = session.command("f UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", "f ", 60_000);
        if (!lines.get(lines.size() - 1).startsWith("f OK")) {
          return false;
        }
        for (String line : lines) {
          Matcher m = SUBJECT.matcher(line);
          if (m.find()) {
            result.add(m.group(1));
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    return result;
  }
}
