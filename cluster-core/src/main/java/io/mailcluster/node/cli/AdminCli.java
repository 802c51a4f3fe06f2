package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * `mailcluster admin ...` and `mailcluster status`: the operator's command line over the admin
 * API. Node URLs come from MAILCLUSTER_ADMIN_URLS (comma separated), the token from
 * MAILCLUSTER_ADMIN_TOKEN. Exit status: 0 done, 1 refused by the API, 2 usage, 3 no node answered.
 */
public final class AdminCli {

  static final String USAGE =
      """
      usage: mailcluster admin COMMAND
        domain add DOMAIN | domain list | domain show DOMAIN | domain remove DOMAIN
        user add ADDRESS (--password PW | --password-stdin) [--quota BYTES]
        user list [DOMAIN] | user show ADDRESS | user remove ADDRESS
        user passwd ADDRESS (--password PW | --password-stdin)
        alias add ALIAS ADDRESS | alias remove ALIAS | alias list DOMAIN
        quota set ADDRESS BYTES        (BYTES may end in K, M or G; 0 = unlimited)
        mail list ADDRESS [FOLDER]      (messages of a folder, INBOX by default)
        cluster                         (members and shards per node)
        audit ADDRESS [--since T] [--until T] [--folder NAME] [--json]
                                        (the account's history from the journal; T: ISO-8601
                                        instant such as 2026-11-28T21:30:00Z; --json: JSON lines)
        audit --verify ADDRESS [--json] (replays the journal and checks that every folder's live
                                        state, and the folder tree, equal the state rebuilt from
                                        its events; one line per folder; exit status 0 when
                                        consistent, 1 when not)
        usage ADDRESS                   (messages and octets per folder, from the usage read model)
        directory [DOMAIN]              (domains; a domain's accounts with quota and usage, and
                                        its aliases: from the read models, seconds behind)
        projections status              (each projection instance: offset, events behind)
        projections rebuild NAME [--wait]
                                        (drop a read model: audit, usage or directory; rebuild it from
                                        the journal while serving; --wait: until caught up)""";

  /** How long `projections rebuild --wait` waits, and how often it looks. */
  private static final Duration REBUILD_WAIT = Duration.ofHours(1);
  private static final Duration REBUILD_POLL = Duration.ofSeconds(2);

  /**
   * How long the command line waits for a verify answer: longer than the node's own limit
   * (mail-cluster.admin.verify.request-timeout, 50 s by default), so the node's 503 is what shows.
   */
  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(70);

  private final AdminClient client;
  private final List<String> out = new ArrayList<>();
  /** Where streamed answers (audit) go line by line: out, or straight to standard output. */
  private final Consumer<String> emit;

  AdminCli(AdminClient client) {
    this(client, null);
  }

  AdminCli(AdminClient client, Consumer<String> emit) {
    this.client = client;
    this.emit = emit == null ? out::add : emit;
  }

  public static void main(String[] args) {
    String urls = System.getenv().getOrDefault("MAILCLUSTER_ADMIN_URLS", "http://127.0.0.1:8080");
    String token = System.getenv().getOrDefault("MAILCLUSTER_ADMIN_TOKEN", "");
    List<URI> nodes = Arrays.stream(urls.split(",")).map(String::strip).map(URI::create).toList();
    AdminCli cli = new AdminCli(new AdminClient(nodes, token), System.out::println);
    try {
      cli.run(List.of(args));
      cli.out.forEach(System.out::println);
    } catch (Usage e) {
      System.err.println("mailcluster: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    } catch (AdminClient.Failure e) {
      System.err.println("mailcluster: " + e.getMessage());
      System.exit(e.exitCode);
    }
  }

  void run(List<String> args) throws Usage, AdminClient.Failure {
    Args a = new Args(args);
    String group = a.next("a command");
    switch (group) {
      case "domain" -> domain(a);
      case "user" -> user(a);
      case "alias" -> alias(a);
      case "quota" -> quota(a);
      case "mail" -> mail(a);
      case "cluster" -> cluster(a);
      case "audit" -> audit(a);
      case "usage" -> usage(a);
      case "directory" -> directory(a);
      case "projections" -> projections(a);
      default -> throw new Usage("unknown command: " + group);
    }
  }

  private void domain(Args a) throws Usage, AdminClient.Failure {
    String verb = a.next("domain add|list|show|remove");
    switch (verb) {
      case "add" -> {
        String domain = a.last("DOMAIN");
        client.post("domains", Map.of("name", domain));
        out.add("domain " + domain + " added");
      }
      case "list" -> {
        a.end();
        lines(client.get("domains").get("domains"));
      }
      case "show" -> out.add(pretty(client.get("domains/" + AdminClient.segment(a.last("DOMAIN")))));
      case "remove" -> {
        String domain = a.last("DOMAIN");
        client.delete("domains/" + AdminClient.segment(domain));
        out.add("domain " + domain + " removed");
      }
      default -> throw new Usage("unknown domain command: " + verb);
    }
  }

  private void user(Args a) throws Usage, AdminClient.Failure {
    String verb = a.next("user add|list|show|remove|passwd");
    switch (verb) {
      case "add" -> {
        String address = a.next("ADDRESS");
        String password = null;
        long quota = 0;
        while (a.hasNext()) {
          String option = a.next("an option");
          switch (option) {
            case "--password" -> password = a.next("the password after --password");
            case "--password-stdin" -> password = readPasswordFromStdin();
            case "--quota" -> quota = Quota.parse(a.next("BYTES after --quota"));
            default -> throw new Usage("unknown option: " + option);
          }
        }
        if (password == null) {
          throw new Usage("user add needs --password PW or --password-stdin");
        }
        client.post("accounts", Map.of("address", address, "password", password, "quotaBytes", quota));
        out.add("user " + address + " added");
      }
      case "list" -> {
        String path = a.hasNext() ? "accounts?domain=" + AdminClient.segment(a.last("DOMAIN")) : "accounts";
        lines(client.get(path).get("accounts"));
      }
      case "show" -> out.add(pretty(client.get("accounts/" + AdminClient.segment(a.last("ADDRESS")))));
      case "remove" -> {
        String address = a.last("ADDRESS");
        client.delete("accounts/" + AdminClient.segment(address));
        out.add("user " + address + " removed");
      }
      case "passwd" -> {
        String address = a.next("ADDRESS");
        String option = a.next("--password PW or --password-stdin");
        String password = switch (option) {
          case "--password" -> a.last("the password after --password");
          case "--password-stdin" -> readPasswordFromStdin();
          default -> throw new Usage("unknown option: " + option);
        };
        a.end();
        client.put("accounts/" + AdminClient.segment(address) + "/password", Map.of("password", password));
        out.add("password of " + address + " changed");
      }
      default -> throw new Usage("unknown user command: " + verb);
    }
  }

  private void alias(Args a) throws Usage, AdminClient.Failure {
    String verb = a.next("alias add|remove|list");
    switch (verb) {
      case "add" -> {
        String alias = a.next("ALIAS");
        String target = a.last("ADDRESS");
        client.post("aliases", Map.of("alias", alias, "target", target));
        out.add("alias " + alias + " -> " + target + " added");
      }
      case "remove" -> {
        String alias = a.last("ALIAS");
        client.delete("aliases/" + AdminClient.segment(alias));
        out.add("alias " + alias + " removed");
      }
      case "list" -> {
        JsonNode aliases = client.get("domains/" + AdminClient.segment(a.last("DOMAIN"))).get("aliases");
        for (Iterator<Map.Entry<String, JsonNode>> it = aliases.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> alias = it.next();
          out.add(alias.getKey() + " -> " + alias.getValue().asText());
        }
      }
      default -> throw new Usage("unknown alias command: " + verb);
    }
  }

  private void quota(Args a) throws Usage, AdminClient.Failure {
    String verb = a.next("quota set");
    if (!verb.equals("set")) {
      throw new Usage("unknown quota command: " + verb);
    }
    String address = a.next("ADDRESS");
    long bytes = Quota.parse(a.last("BYTES"));
    client.put("accounts/" + AdminClient.segment(address) + "/quota", Map.of("bytes", bytes));
    out.add("quota of " + address + " set to " + (bytes == 0 ? "unlimited" : bytes + " bytes"));
  }

  private void mail(Args a) throws Usage, AdminClient.Failure {
    String verb = a.next("mail list");
    if (!verb.equals("list")) {
      throw new Usage("unknown mail command: " + verb);
    }
    String address = a.next("ADDRESS");
    String folder = a.hasNext() ? a.last("FOLDER") : "INBOX";
    String path = "accounts/" + AdminClient.segment(address) + "/folders/"
        + AdminClient.segment(folder) + "/messages";
    out.add(MailTable.header());
    JsonNode page = client.get(path);
    out.addAll(MailTable.rows(page));
    while (page.hasNonNull("next")) {
      page = client.get(path + "?from=" + page.get("next").asLong());
      out.addAll(MailTable.rows(page));
    }
  }

  private void cluster(Args a) throws Usage, AdminClient.Failure {
    a.end();
    out.addAll(ClusterTable.render(client.get("cluster")));
  }

  private void audit(Args a) throws Usage, AdminClient.Failure {
    String address = null;
    List<String> query = new ArrayList<>();
    boolean json = false;
    boolean verify = false;
    while (a.hasNext()) {
      String word = a.next("ADDRESS");
      switch (word) {
        case "--since" -> query.add("since=" + AdminClient.segment(a.next("T after --since")));
        case "--until" -> query.add("until=" + AdminClient.segment(a.next("T after --until")));
        case "--folder" -> query.add("folder=" + AdminClient.segment(a.next("NAME after --folder")));
        case "--json" -> json = true;
        case "--verify" -> verify = true;
        default -> {
          if (word.startsWith("--")) {
            throw new Usage("unknown option: " + word);
          }
          if (address != null) {
            throw new Usage("unexpected argument: " + word);
          }
          address = word;
        }
      }
    }
    if (address == null) {
      throw new Usage("missing ADDRESS");
    }
    if (verify) {
      if (!query.isEmpty()) {
        throw new Usage("--verify checks every folder: --since, --until and --folder do not apply");
      }
      verify(address, json);
      return;
    }
    String path = "accounts/" + AdminClient.segment(address) + "/audit"
        + (query.isEmpty() ? "" : "?" + String.join("&", query));
    if (json) {
      client.lines(path, emit);
    } else {
      client.lines(path, line -> emit.accept(AuditTimeline.line(parse(line))));
    }
  }

  private void usage(Args a) throws Usage, AdminClient.Failure {
    String address = a.last("ADDRESS");
    JsonNode usage = client.get("accounts/" + AdminClient.segment(address) + "/usage");
    out.add(String.format("%-30s %10s %14s", "FOLDER", "MESSAGES", "OCTETS"));
    for (JsonNode folder : usage.get("folders")) {
      out.add(String.format("%-30s %10d %14d", folder.get("name").asText(),
          folder.get("messages").asLong(), folder.get("bytes").asLong()));
    }
    out.add(String.format("%-30s %10d %14d", "total", usage.get("messages").asLong(),
        usage.get("bytes").asLong()));
  }

  private void directory(Args a) throws Usage, AdminClient.Failure {
    if (!a.hasNext()) {
      lines(client.get("directory").get("domains"));
      return;
    }
    JsonNode listing = client.get("directory/" + AdminClient.segment(a.last("DOMAIN")));
    out.add(String.format("%-40s %14s %10s %14s", "ACCOUNT", "QUOTA", "MESSAGES", "OCTETS"));
    for (JsonNode account : listing.get("accounts")) {
      JsonNode quota = account.get("quotaBytes");
      out.add(String.format("%-40s %14s %10d %14d", account.get("address").asText(),
          quota.isNull() ? "?" : quota.asLong() == 0 ? "unlimited" : quota.asText(),
          account.get("messages").asLong(), account.get("bytes").asLong()));
    }
    for (JsonNode alias : listing.get("aliases")) {
      out.add(alias.get("address").asText() + " -> " + alias.get("target").asText());
    }
  }

  private void projections(Args a) throws Usage, AdminClient.Failure {
    String verb = a.next("projections status | rebuild NAME");
    switch (verb) {
      case "status" -> {
        a.end();
        out.addAll(ProjectionTable.render(client.get("projections")));
      }
      case "rebuild" -> {
        String name = a.next("NAME");
        boolean wait = a.hasNext();
        if (wait && !a.last("--wait").equals("--wait")) {
          throw new Usage("unknown option after the projection name (only --wait)");
        }
        long started = System.nanoTime();
        client.post("projections/" + AdminClient.segment(name) + "/rebuild", Map.of());
        emit.accept("rebuilding " + name + " from the journal");
        if (wait) {
          awaitCaughtUp(name, started);
        }
      }
      default -> throw new Usage("unknown projections command: " + verb);
    }
  }

  private void awaitCaughtUp(String name, long started) throws AdminClient.Failure {
    long deadline = started + REBUILD_WAIT.toNanos();
    while (!ProjectionTable.caughtUp(client.get("projections"), name)) {
      if (System.nanoTime() > deadline) {
        throw new AdminClient.Failure(1, "still not caught up after " + REBUILD_WAIT);
      }
      try {
        Thread.sleep(REBUILD_POLL.toMillis()); // a command line waiting for a server: polling
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AdminClient.Failure(1, "interrupted");
      }
    }
    out.add(name + " caught up after "
        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
  }

  /** Prints the report; a report that is not consistent is exit status 1. */
  private void verify(String address, boolean json) throws AdminClient.Failure {
    JsonNode report = client.get(
        "accounts/" + AdminClient.segment(address) + "/audit/verify", VERIFY_TIMEOUT);
    if (json) {
      emit.accept(report.toString());
    } else {
      VerifyLines.render(report).forEach(emit);
    }
    if (!report.path("consistent").asBoolean(false)) {
      throw new AdminClient.Failure(1, "the live state of " + address
          + " differs from the state replayed from its journal");
    }
  }

  private static JsonNode parse(String line) {
    try {
      return AdminClient.JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void lines(JsonNode array) {
    array.forEach(item -> out.add(item.asText()));
  }

  private static String pretty(JsonNode json) {
    return json.toPrettyString();
  }

  private static String readPasswordFromStdin() throws Usage {
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new Usage("--password-stdin: nothing on standard input");
      }
      return line;
    } catch (IOException e) {
      throw new Usage("--password-stdin: " + e.getMessage());
    }
  }

  /** A command line that does not parse. */
  static final class Usage extends Exception {
    Usage(String message) {
      super(message, null, false, false);
    }
  }

  /** The remaining words of the command line. */
  private static final class Args {
    private final List<String> words;
    private int position;

    Args(List<String> words) {
      this.words = words;
    }

    boolean hasNext() {
      return position < words.size();
    }

    String next(String what) throws Usage {
      if (!hasNext()) {
        throw new Usage("missing " + what);
      }
      return words.get(position++);
    }

    /** The next word, which must be the last one. */
    String last(String what) throws Usage {
      String word = next(what);
      end();
      return word;
    }

    void end() throws Usage {
      if (hasNext()) {
        throw new Usage("unexpected argument: " + words.get(position));
      }
    }
  }
}
