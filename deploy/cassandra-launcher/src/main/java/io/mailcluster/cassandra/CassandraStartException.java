package io.mailcluster.cassandra;

/** Cassandra did not answer CQL in time, or its process ended first; the message ends with its logs. */
public final class CassandraStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CassandraStartException(String message) {
    super(message);
  }

  public CassandraStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
