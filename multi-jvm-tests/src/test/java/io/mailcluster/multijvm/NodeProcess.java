package io.mailcluster.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One mail cluster node as its own JVM, started from the built layout
 * (deploy/node/target/node/lib) the way ./mailcluster starts it: -Xmx256m, its own loopback
 * address, free ports, settings through MAILCLUSTER_* variables. Its output goes to a temporary
 * file whose tail {@link #logTail} shows when a test fails.
 */
final class NodeProcess implements AutoCloseable {

  static final String MAIN_CLASS = "io.mailcluster.node.MailClusterNode";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  final String name;
  final String host;
  final int httpPort;
  final int managementPort;
  final int remotingPort;
  final int smtpPort;
  final int pop3Port;
  final int imapPort;
  final Path log;
  private Process process;

  private NodeProcess(String name, String host, int[] ports) {
    this.name = name;
    this.host = host;
    this.httpPort = ports[0];
    this.managementPort = ports[1];
    this.remotingPort = ports[2];
    this.smtpPort = ports[3];
    this.pop3Port = ports[4];
    this.imapPort = ports[5];
    try {
      this.log = Files.createTempFile("mailcluster-" + name + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reserves free ports on {@code host} (a 127.0.0.0/8 address) without starting anything. */
  static NodeProcess plan(String name, String host) {
    if (!host.startsWith("127.")) {
      throw new IllegalArgumentException("nodes bind only to 127.0.0.0/8, not " + host);
    }
    return new NodeProcess(name, host, freePorts(host, 6));
  }

  String managementEndpoint() {
    return host + ":" + managementPort;
  }

  /**
   * Starts the JVM. {@code env} holds the cluster-wide MAILCLUSTER_* settings (seeds, Cassandra,
   * keyspace, token ...); this node's address and ports are added here.
   */
  NodeProcess start(Map<String, String> env) {
    Path lib = Launcher.repositoryRoot().resolve("deploy/node/target/node/lib");
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("no node layout at " + lib
          + ": mvn -B -o -DskipTests package -pl deploy/node -am");
    }
    List<String> command = new ArrayList<>(List.of(
        javaBinary(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-cp", lib + "/*", MAIN_CLASS));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("MAILCLUSTER_"));
    environment.keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
    environment.putAll(env);
    environment.put("MAILCLUSTER_HOST", host);
    environment.put("MAILCLUSTER_HTTP_PORT", String.valueOf(httpPort));
    environment.put("MAILCLUSTER_MANAGEMENT_PORT", String.valueOf(managementPort));
    environment.put("MAILCLUSTER_REMOTING_PORT", String.valueOf(remotingPort));
    environment.put("MAILCLUSTER_SMTP_PORT", String.valueOf(smtpPort));
    environment.put("MAILCLUSTER_POP3_PORT", String.valueOf(pop3Port));
    environment.put("MAILCLUSTER_IMAP_PORT", String.valueOf(imapPort));
    try {
      Files.writeString(log, "=== " + name + " " + String.join(" ", command) + " ===\n",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Waits until /ready answers 200 (member Up, storage answering); fails at once if the JVM exits. */
  void awaitReady(Duration timeout) {
    Await.until(timeout, "node " + name + " ready", () -> {
      if (!isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail(60));
      }
      return managementStatus("/ready") == 200;
    });
  }

  /** The status code of GET on the management port, or 0 when nothing answers. */
  int managementStatus(String path) {
    HttpResponse<String> response = managementGet(path);
    return response == null ? 0 : response.statusCode();
  }

  /** GET on the management port; null when nothing answers. */
  HttpResponse<String> managementGet(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + managementPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** SIGTERM: coordinated shutdown (drain, hand off, leave). Answers once the JVM is gone. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running " + timeout + " after SIGTERM:\n" + logTail(60));
    }
    return process.exitValue();
  }

  /** SIGKILL: the JVM is gone at once, nothing runs on its way out. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The last {@code lines} lines of the node's output. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills the JVM if it still runs, and deletes the log. Idempotent. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      System.err.println("could not delete " + log + ": " + e);
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code count} distinct ports free on {@code host}, held together while they are picked. */
  static int[] freePorts(String host, int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(host, 0));
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free ports on " + host, e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // nothing to clean up
        }
      }
    }
  }
}
