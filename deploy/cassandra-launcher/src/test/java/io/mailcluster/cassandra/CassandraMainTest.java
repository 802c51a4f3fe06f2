package io.mailcluster.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraMainTest {

  private static final Pattern READY =
      Pattern.compile("cassandra ready on 127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)\\) in \\d+\\.\\d s\\n");

  @Test
  void startRunsOneDetachedCassandraAndStopEndsIt(@TempDir Path dir) throws Exception {
    int[] ports = FreePorts.pick(2);
    Path pidFile = dir.resolve("run/cassandra.pid");
    String[] start = {
      "start", "--dir", dir.resolve("cassandra").toString(), "--port", String.valueOf(ports[0]),
      "--storage-port", String.valueOf(ports[1]), "--pid-file", pidFile.toString(), "--timeout-seconds", "120"
    };
    long pid;
    try {
      Result first = run(start);
      assertEquals(0, first.exitCode, first.err);
      Matcher ready = READY.matcher(first.out);
      assertTrue(ready.matches(), first.out);
      assertEquals(String.valueOf(ports[0]), ready.group(1));
      pid = Long.parseLong(ready.group(2));
      assertEquals(pid, Long.parseLong(Files.readString(pidFile).strip()));

      Result second = run(start);
      assertEquals(0, second.exitCode, second.err);
      assertEquals("cassandra already running on 127.0.0.1:" + ports[0] + " (pid " + pid + ")\n", second.out);

      Result await = run("wait", "--port", String.valueOf(ports[0]), "--timeout-seconds", "10");
      assertEquals(0, await.exitCode, await.err);
      assertTrue(await.out.startsWith("cassandra 5.0"), await.out);
    } finally {
      Result stop = run("stop", "--pid-file", pidFile.toString());
      assertEquals(0, stop.exitCode, stop.err);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
    assertFalse(Files.exists(pidFile));
    assertFalse(CqlReadiness.isListening(new InetSocketAddress("127.0.0.1", ports[0])));

    Result again = run("stop", "--pid-file", pidFile.toString());
    assertEquals(0, again.exitCode, again.err);
    assertEquals("cassandra not running\n", again.out);
  }

  @Test
  void waitGivesUpWithOneLineWhenNothingListens() {
    Result result = run("wait", "--port", String.valueOf(FreePorts.pick()), "--timeout-seconds", "1");
    assertEquals(1, result.exitCode);
    assertEquals(1, result.err.lines().count(), result.err);
    assertTrue(result.err.contains("did not answer"), result.err);
  }

  @Test
  void rejectsMissingOptionWithUsageExitCode() {
    Result result = run("start", "--dir", "/tmp/x", "--port", "9042");
    assertEquals(2, result.exitCode);
    assertEquals("cassandra-launcher: --storage-port is required\n", result.err);
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CassandraMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String out, String err) {}
}
