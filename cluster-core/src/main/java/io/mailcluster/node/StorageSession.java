package io.mailcluster.node;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/** The node's one Cassandra driver session: the journal plugin's, shared by every other use. */
public final class StorageSession {

  private static final String JOURNAL_PLUGIN_PATH = "pekko.persistence.cassandra";

  private StorageSession() {}

  public static CompletionStage<CqlSession> of(ClassicActorSystemProvider system) {
    return CassandraSessionRegistry.get(system).sessionFor(JOURNAL_PLUGIN_PATH).underlying();
  }
}
