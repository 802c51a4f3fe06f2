package io.mailcluster.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import io.mailcluster.cassandra.CassandraSettings;
import io.mailcluster.cassandra.CqlReadiness;
import io.mailcluster.cassandra.EmbeddedCassandra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's path: `./mailcluster up --nodes 2` starts Cassandra and two node JVMs, the admin
 * commands work through them, `status` shows two Up members, `down` leaves no process behind.
 */
class LauncherIT {

  @TempDir Path var;
  private Launcher launcher;

  @AfterEach
  void alwaysDown() throws Exception {
    if (launcher != null) {
      launcher.run(null, "down");
    }
  }

  @Test
  void upAdminStatusDownWithTwoNodes() throws Exception {
    launcher = new Launcher(var, 2);
    Launcher.Result up = launcher.run(null, "up", "--nodes", "2");
    assertEquals(0, up.exitCode(), up.stdout() + up.stderr());
    assertTrue(up.stdout().contains("mail cluster up: 2 nodes"), up.stdout());
    for (String node : List.of("127.0.0.1", "127.0.0.2")) {
      assertTrue(up.stdout().contains(node + ":" + launcher.smtpPort()), up.stdout());
      assertTrue(smtpGreeting(node, launcher.smtpPort()).startsWith("220 "), "SMTP on " + node);
    }
    Path token = var.resolve("admin-token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    List<Long> pids = pids();
    assertEquals(3, pids.size(), "Cassandra and two nodes: " + pids);

    ok(launcher.run(null, "admin", "domain", "add", "example.test"));
    ok(launcher.run("s3cret-enough\n", "admin", "user", "add", "alice@example.test", "--password-stdin"));
    ok(launcher.run(null, "admin", "user", "add", "bob@example.test", "--password", "another-secret"));
    ok(launcher.run(null, "admin", "alias", "add", "postmaster@example.test", "alice@example.test"));
    ok(launcher.run(null, "admin", "quota", "set", "alice@example.test", "512M"));
    ok(launcher.run(null, "admin", "user", "passwd", "bob@example.test", "--password", "changed-secret"));

    assertEquals("example.test\n", ok(launcher.run(null, "admin", "domain", "list")).stdout());
    assertEquals("alice@example.test\nbob@example.test\n",
        ok(launcher.run(null, "admin", "user", "list", "example.test")).stdout());
    assertEquals("postmaster@example.test -> alice@example.test\n",
        ok(launcher.run(null, "admin", "alias", "list", "example.test")).stdout());
    assertTrue(ok(launcher.run(null, "admin", "user", "show", "alice@example.test")).stdout()
        .contains("536870912"));

    Launcher.Result duplicate = launcher.run(null, "admin", "domain", "add", "example.test");
    assertEquals(1, duplicate.exitCode());
    assertTrue(duplicate.stderr().startsWith("mailcluster: "), duplicate.stderr());
    assertEquals(1, duplicate.stderr().strip().lines().count(), "one-line reason: " + duplicate.stderr());
    Launcher.Result invalid = launcher.run(null, "admin", "user", "add", "not-an-address", "--password", "x1234567");
    assertEquals(1, invalid.exitCode(), invalid.stderr());
    assertEquals(2, launcher.run(null, "admin", "frobnicate").exitCode());

    ok(launcher.run(null, "admin", "alias", "remove", "postmaster@example.test"));
    ok(launcher.run(null, "admin", "user", "remove", "bob@example.test"));
    assertEquals("alice@example.test\n", ok(launcher.run(null, "admin", "user", "list")).stdout());

    Launcher.Result status = ok(launcher.run(null, "status"));
    assertEquals(2, status.stdout().lines().filter(l -> l.contains(" Up ")).count(), status.stdout());
    assertTrue(status.stdout().contains("cassandra: running"), status.stdout());

    ok(launcher.run(null, "down"));
    for (long pid : pids) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      assertFalse(process.isPresent() && process.get().isAlive(), "process " + pid + " still running");
    }
    launcher = null;
  }

  @Test
  void upWithAnExternalCassandraLeavesItRunningOnDown() throws Exception {
    try (EmbeddedCassandra external = EmbeddedCassandra.start(CassandraSettings.forTests(var.resolve("external")))) {
      launcher = new Launcher(var.resolve("state"), 1);
      String contactPoint = external.endpoint().contactPoint();
      Launcher.Result up = launcher.run(null, "up", "--nodes", "1", "--cassandra", contactPoint);
      assertEquals(0, up.exitCode(), up.stdout() + up.stderr());
      assertTrue(up.stdout().contains("using Cassandra at " + contactPoint), up.stdout());
      assertTrue(ok(launcher.run(null, "status")).stdout().contains("cassandra: external at " + contactPoint));
      ok(launcher.run(null, "admin", "domain", "add", "external.test"));

      ok(launcher.run(null, "down"));
      launcher = null;
      assertTrue(external.isAlive(), "down must not stop a Cassandra it did not start");
      assertTrue(CqlReadiness.releaseVersion(external.cqlAddress()).startsWith("5."));
    }
  }

  private static Launcher.Result ok(Launcher.Result result) {
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    return result;
  }

  private List<Long> pids() throws Exception {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(var.resolve("run"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        pids.add(Long.parseLong(Files.readString(file).strip()));
      }
    }
    return pids;
  }

  /** The first line a node's SMTP listener sends. */
  private static String smtpGreeting(String host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      String line = new BufferedReader(new InputStreamReader(
          socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return line == null ? "" : line;
    }
  }
}
