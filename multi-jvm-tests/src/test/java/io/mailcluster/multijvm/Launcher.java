package io.mailcluster.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's ./mailcluster script as a user would, with its own var/ directory and
 * free ports, so it never meets a cluster a developer has running.
 */
final class Launcher {

  record Result(int exitCode, String stdout, String stderr) {}

  private final Path root;
  private final Map<String, String> env = new HashMap<>();

  Launcher(Path var, int nodes) {
    this.root = repositoryRoot();
    env.put("MAILCLUSTER_VAR", var.toString());
    env.put("MAILCLUSTER_SKIP_BUILD", "1");
    env.put("MAILCLUSTER_ADDRESS_PREFIX", "127.0.0.");
    env.put("MAILCLUSTER_HTTP_PORT", String.valueOf(freePortOnNodes(nodes)));
    env.put("MAILCLUSTER_MANAGEMENT_PORT", String.valueOf(freePortOnNodes(nodes)));
    env.put("MAILCLUSTER_REMOTING_PORT", String.valueOf(freePortOnNodes(nodes)));
    env.put("MAILCLUSTER_SMTP_PORT", String.valueOf(freePortOnNodes(nodes)));
    env.put("MAILCLUSTER_POP3_PORT", String.valueOf(freePortOnNodes(nodes)));
    env.put("MAILCLUSTER_IMAP_PORT", String.valueOf(freePortOnNodes(nodes)));
    // --balancer: HAProxy on 127.0.0.254 uses the node ports, plus one for submission
    env.put("MAILCLUSTER_BALANCER_SUBMISSION_PORT", String.valueOf(freePortOnNodes(1)));
    env.put("MAILCLUSTER_CASSANDRA_PORT", String.valueOf(freePortOnNodes(1)));
    env.put("MAILCLUSTER_CASSANDRA_STORAGE_PORT", String.valueOf(freePortOnNodes(1)));
    env.put("MAILCLUSTER_CASSANDRA_HEAP", "384m");
    env.put("MAILCLUSTER_UP_TIMEOUT", "240");
  }

  int httpPort() {
    return Integer.parseInt(env.get("MAILCLUSTER_HTTP_PORT"));
  }

  int pop3Port() {
    return Integer.parseInt(env.get("MAILCLUSTER_POP3_PORT"));
  }

  int imapPort() {
    return Integer.parseInt(env.get("MAILCLUSTER_IMAP_PORT"));
  }

  int smtpPort() {
    return Integer.parseInt(env.get("MAILCLUSTER_SMTP_PORT"));
  }

  int managementPort() {
    return Integer.parseInt(env.get("MAILCLUSTER_MANAGEMENT_PORT"));
  }

  Result run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mailcluster").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    // a developer's own MAILCLUSTER_* settings must not leak into the test
    builder.environment().keySet().removeIf(name -> name.startsWith("MAILCLUSTER_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("mailcluster-out", ".txt");
    Path err = Files.createTempFile("mailcluster-err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    if (!process.waitFor(6, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("./mailcluster " + String.join(" ", args) + " did not finish");
    }
    Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /** The repository root: the directory above this module that holds the script. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("mailcluster"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no ./mailcluster above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** A port free on 127.0.0.1 and also bindable on 127.0.0.2 .. 127.0.0.nodes. */
  static int freePortOnNodes(int nodes) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (freeOnAll(port, nodes)) {
        return port;
      }
    }
    throw new IllegalStateException("no port free on 127.0.0.1.." + nodes);
  }

  private static boolean freeOnAll(int port, int nodes) {
    for (int i = 1; i <= nodes; i++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0." + i, port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
