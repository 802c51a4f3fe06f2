package io.mailcluster.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CassandraExtension.class)
class EmbeddedCassandraTest {

  @Test
  void sharedCassandraAnswersCql(CassandraEndpoint cassandra) {
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(cassandra.toInetSocketAddress())
        .withLocalDatacenter(CassandraEndpoint.LOCAL_DATACENTER)
        .build()) {
      String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
      assertTrue(version.startsWith("5.0"), version);
    }
  }

  @Test
  void staticEndpointIsTheSameSharedCassandra(CassandraEndpoint cassandra) {
    assertEquals(cassandra, CassandraExtension.endpoint());
  }

  @Test
  void stopEndsTheProcessAndClosesTheCqlPort(@TempDir Path dir) {
    EmbeddedCassandra cassandra = EmbeddedCassandra.start(CassandraSettings.forTests(dir));
    long pid = cassandra.pid();
    InetSocketAddress cql = cassandra.cqlAddress();
    try {
      assertTrue(isAlive(pid));
      assertEquals("127.0.0.1", cassandra.cqlHost());
      assertTrue(CqlReadiness.releaseVersion(cql).startsWith("5.0"));
      assertTrue(Files.isRegularFile(dir.resolve("conf/cassandra.yaml")));
      assertTrue(Files.isRegularFile(dir.resolve("logs/system.log")));
    } finally {
      cassandra.stop();
    }
    assertFalse(isAlive(pid), "process " + pid + " still alive");
    assertFalse(CqlReadiness.isListening(cql), "CQL port still open");
    cassandra.stop();
    assertFalse(cassandra.isAlive());
  }

  @Test
  void refusesToStartOnAPortSomeoneElseHolds(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CassandraSettings settings = CassandraSettings.forTests(dir).withCqlPort(taken.getLocalPort());
      CassandraStartException e =
          assertThrows(CassandraStartException.class, () -> EmbeddedCassandra.start(settings));
      assertTrue(e.getMessage().contains("already in use"), e.getMessage());
    }
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
