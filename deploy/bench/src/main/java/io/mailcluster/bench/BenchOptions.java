package io.mailcluster.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one `mailcluster bench smtp` run does. The launcher passes the cluster's endpoints
 * (--smtp, --admin); the rest are the user's options.
 *
 * @param smtp every node's SMTP endpoint; connections are spread over them in turn
 * @param admin every node's admin API base URL; setup tries them in turn
 * @param senders concurrent SMTP sessions
 * @param messages messages measured, over all senders
 * @param warmup messages sent first and not measured (JIT, caches, shard allocation)
 * @param perConnection messages sent on one connection before it is closed and a new one opened
 * @param size octets of each message
 * @param mailboxes recipients the messages are spread over (1: every message to one mailbox)
 * @param domain the domain the bench accounts live in
 * @param setupOnly create the domain and accounts, send nothing (for smtp-source)
 */
record BenchOptions(
    List<InetSocketAddress> smtp,
    List<URI> admin,
    int senders,
    int messages,
    int warmup,
    int perConnection,
    int size,
    int mailboxes,
    String domain,
    boolean setupOnly) {

  static final String USAGE = """
      usage: mailcluster bench smtp [options]
        --senders S          concurrent SMTP sessions (default 1)
        --messages M         messages measured, over all senders (default 2000)
        --warmup W           messages sent first, not measured (default 1000: the nodes JIT-compile)
        --per-connection K   messages per connection before reconnecting (default 50)
        --size BYTES         message size in octets (default 10240)
        --mailboxes N        recipients spread over N mailboxes (default 100)
        --one-mailbox        every message to one mailbox (same as --mailboxes 1)
        --domain D           domain of the bench accounts (default bench.test)
        --client java|smtp-source   load client (default java; smtp-source gives msgs/s only)""";

  BenchOptions {
    if (smtp.isEmpty()) {
      throw new IllegalArgumentException("no SMTP endpoint (--smtp host:port,...)");
    }
    if (senders < 1 || messages < 1 || warmup < 0 || perConnection < 1 || mailboxes < 1) {
      throw new IllegalArgumentException("senders, messages, per-connection and mailboxes must be >= 1, warmup >= 0");
    }
    if (size < 256) {
      throw new IllegalArgumentException("--size must be at least 256 octets");
    }
  }

  /** The address of bench mailbox {@code i} (0-based). */
  String mailbox(int i) {
    return "bench-" + (i + 1) + "@" + domain;
  }

  static BenchOptions parse(String... args) {
    List<InetSocketAddress> smtp = new ArrayList<>();
    List<URI> admin = new ArrayList<>();
    int senders = 1;
    int messages = 2000;
    int warmup = 1000;
    int perConnection = 50;
    int size = 10 * 1024;
    int mailboxes = 100;
    String domain = "bench.test";
    boolean setupOnly = false;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      switch (name) {
        case "--one-mailbox" -> mailboxes = 1;
        case "--setup-only" -> setupOnly = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument " + name);
          }
          String value = args[++i];
          switch (name) {
            case "--smtp" -> Arrays.stream(value.split(",")).map(String::strip).map(BenchOptions::endpoint).forEach(smtp::add);
            case "--admin" -> Arrays.stream(value.split(",")).map(String::strip).map(URI::create).forEach(admin::add);
            case "--senders" -> senders = number(name, value);
            case "--messages" -> messages = number(name, value);
            case "--warmup" -> warmup = number(name, value);
            case "--per-connection" -> perConnection = number(name, value);
            case "--size" -> size = number(name, value);
            case "--mailboxes" -> mailboxes = number(name, value);
            case "--domain" -> domain = value;
            default -> throw new IllegalArgumentException("unknown option " + name);
          }
        }
      }
    }
    return new BenchOptions(List.copyOf(smtp), List.copyOf(admin), senders, messages, warmup, perConnection,
        size, mailboxes, domain, setupOnly);
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number, got " + value);
    }
  }

  private static InetSocketAddress endpoint(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not host:port: " + hostPort);
    }
    return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), number("port", hostPort.substring(colon + 1)));
  }
}
