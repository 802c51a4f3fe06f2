package io.mailcluster.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraSettingsTest {

  @Test
  void rejectsTheSamePortForCqlAndStorage() {
    CassandraSettings settings = CassandraSettings.defaults(Path.of("data"));
    assertThrows(IllegalArgumentException.class, () -> settings.withStoragePort(settings.cqlPort()));
  }

  @Test
  void rejectsAHeapTheJvmWouldNotUnderstand() {
    CassandraSettings settings = CassandraSettings.defaults(Path.of("data"));
    assertThrows(IllegalArgumentException.class, () -> settings.withMaxHeap("512MB"));
  }

  @Test
  void testSettingsUseDistinctFreePortsAndFastUnsafe() {
    CassandraSettings settings = CassandraSettings.forTests(Path.of("data"));
    assertTrue(settings.fastUnsafe());
    assertTrue(settings.cqlPort() != settings.storagePort());
    assertTrue(settings.dataDirectory().isAbsolute());
  }

  @Test
  void yamlSeedsTheNodeWithItselfOnItsStoragePort() {
    CassandraSettings settings = CassandraSettings.defaults(Path.of("/srv/cassandra")).withStoragePort(17000);
    List<String> yaml = CassandraConfigFiles.yaml(settings).lines().toList();
    assertTrue(yaml.contains("      - seeds: '127.0.0.1:17000'"), String.join("\n", yaml));
    assertTrue(yaml.contains("commitlog_directory: '/srv/cassandra/commitlog'"));
    assertTrue(yaml.contains("auto_snapshot: true"));
  }

  @Test
  void fastUnsafeFlagsOnlyWhenAsked() {
    Path yaml = Path.of("/d/conf/cassandra.yaml");
    Path argFile = Path.of("/d/conf/classpath.argfile");
    List<String> safe =
        CassandraCommandLine.of(CassandraSettings.defaults(Path.of("/d")), yaml, argFile, false);
    List<String> fast = CassandraCommandLine.of(
        CassandraSettings.defaults(Path.of("/d")).withFastUnsafe(true), yaml, argFile, false);
    assertTrue(safe.stream().noneMatch(flag -> flag.startsWith("-Dcassandra.skip_sync")));
    assertTrue(fast.contains("-Dcassandra.skip_sync=true"));
    assertEquals(CassandraCommandLine.MAIN_CLASS, fast.get(fast.size() - 1));
    assertTrue(safe.contains("-Xmx512m") && safe.contains("-Xms64m"));
  }

  @Test
  void endpointParsesHostAndPort() {
    CassandraEndpoint endpoint = CassandraEndpoint.parse("10.0.0.5:9142");
    assertEquals(new CassandraEndpoint("10.0.0.5", 9142), endpoint);
    assertEquals("10.0.0.5:9142", endpoint.contactPoint());
    assertEquals("[::1]:9042", CassandraEndpoint.parse("[::1]:9042").contactPoint());
    assertThrows(IllegalArgumentException.class, () -> CassandraEndpoint.parse("localhost"));
  }
}
