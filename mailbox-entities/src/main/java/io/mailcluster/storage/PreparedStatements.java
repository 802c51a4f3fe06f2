package io.mailcluster.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Prepares a store's statements once, in order, without blocking. */
public final class PreparedStatements {

  private PreparedStatements() {}

  /** The prepared statements in the order of {@code cql}; fails if any cannot be prepared. */
  public static CompletionStage<List<PreparedStatement>> prepareAll(CqlSession session, List<String> cql) {
    CompletionStage<List<PreparedStatement>> prepared =
        CompletableFuture.completedFuture(new ArrayList<>());
    for (String statement : cql) {
      prepared = prepared.thenCompose(list -> session.prepareAsync(statement).thenApply(p -> {
        list.add(p);
        return list;
      }));
    }
    return prepared;
  }
}
