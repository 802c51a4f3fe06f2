package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client program (swaks, curl, python3) to its end, with a deadline. Its output
 * (stdout and stderr) goes to a file, not a pipe, so a chatty client can never block on a full
 * pipe; the process is always gone when this returns.
 */
final class ClientProcess {

  record Run(int exitCode, String output) {}

  private ClientProcess() {}

  static Run run(Duration timeout, List<String> command) throws Exception {
    Path log = Files.createTempFile("client", ".log");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      Files.deleteIfExists(log);
      throw new AssertionError(command.get(0) + " could not run (./mailcluster test installs it): "
          + e, e);
    }
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        fail(command.get(0) + " still running after " + timeout + ":\n" + Files.readString(log));
      }
      return new Run(process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }
}
