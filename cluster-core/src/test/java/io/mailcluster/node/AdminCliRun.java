package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the admin command line in its own JVM against a test node, as the launcher does. */
final class AdminCliRun {

  private AdminCliRun() {}

  /** The command's output; fails the test unless it exits 0 within a minute. */
  static String run(TestNode node, String... args) throws Exception {
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
      assertEquals(0, process.exitValue(), output);
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}
