package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the admin command line in its own JVM against a test node, as the launcher does. */
final class AdminCliRun {

  /** How the command ended: its exit status and everything it printed (stdout and stderr). */
  record Outcome(int exit, String output) {}

  private AdminCliRun() {}

  /** The command's output; fails the test unless it exits 0. */
  static String run(TestNode node, String... args) throws Exception {
    Outcome outcome = outcome(node, args);
    assertEquals(0, outcome.exit(), outcome.output());
    return outcome.output();
  }

  /** The command's exit status and output; fails the test unless it exits within a minute. */
  static Outcome outcome(TestNode node, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "io.mailcluster.node.cli.AdminCli"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MAILCLUSTER_ADMIN_URLS", "http://127.0.0.1:" + node.httpPort);
    builder.environment().put("MAILCLUSTER_ADMIN_TOKEN", TestNode.TOKEN);
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "cli exits");
      return new Outcome(process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }
}
