package io.mailcluster.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @Test
  void lastErrorIsTheExceptionLineOfThisRunOnly(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("system.log");
    Files.writeString(log, "ERROR [main] X.java:1 - an earlier run failed\nold.Exception: old\n");
    long offset = LogTail.endOf(log);
    assertEquals(Optional.empty(), LogTail.lastError(log, offset));

    Files.writeString(log, "INFO  [main] X.java:2 - starting\n"
        + "ERROR [main] CassandraDaemon.java:887 - Fatal exception during initialization\n"
        + "org.apache.cassandra.exceptions.ConfigurationException: Saved cluster name a != configured name b\n"
        + "\tat org.apache.cassandra.db.SystemKeyspace.checkHealth(SystemKeyspace.java:1117)\n",
        StandardOpenOption.APPEND);
    assertEquals(
        Optional.of("org.apache.cassandra.exceptions.ConfigurationException: Saved cluster name a != configured name b"),
        LogTail.lastError(log, offset));
  }

  @Test
  void lastErrorWithoutAnExceptionIsTheLoggedMessage(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("system.log");
    Files.writeString(log, "ERROR [main] X.java:1 - Port already in use: 7000\nINFO  [main] X.java:2 - bye\n");
    assertEquals(Optional.of("Port already in use: 7000"), LogTail.lastError(log, 0));
  }

  @Test
  void lastLinesKeepsOnlyTheEndAndToleratesAMissingFile(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("console.log");
    assertEquals(List.of(), LogTail.lastLines(log, 0, 30));
    Files.writeString(log, "one\ntwo\nthree\n");
    assertEquals(List.of("two", "three"), LogTail.lastLines(log, 0, 2));
    assertEquals(List.of("three"), LogTail.lastLines(log, "one\ntwo\n".length(), 30));
  }
}
