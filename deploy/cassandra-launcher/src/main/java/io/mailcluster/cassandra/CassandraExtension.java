package io.mailcluster.cassandra;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Cassandra per test JVM, shared by every test class that uses this extension.
 *
 * <p>Started on first use (a {@link CassandraEndpoint} parameter, or {@link #endpoint()}) in a
 * temporary directory on free loopback ports with fsync off; stopped, and its directory deleted,
 * when JUnit closes its root context. With {@code MAILCLUSTER_TEST_CASSANDRA=host:port} nothing is
 * started: tests use that Cassandra.
 *
 * <pre>{@code
 * @ExtendWith(CassandraExtension.class)
 * class SomeIT {
 *   @Test
 *   void something(CassandraEndpoint cassandra) { ... cassandra.toInetSocketAddress() ... }
 * }
 * }</pre>
 */
public final class CassandraExtension implements BeforeAllCallback, ParameterResolver {

  public static final String ENDPOINT_VARIABLE = SharedCassandra.ENDPOINT_VARIABLE;

  private static final Namespace NAMESPACE = Namespace.create(CassandraExtension.class);

  /**
   * The shared Cassandra, started if needed; for code that cannot take a parameter. Without the
   * extension registered, a JVM shutdown hook is what stops it.
   */
  public static CassandraEndpoint endpoint() {
    return SharedCassandra.INSTANCE.endpoint();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    closeWithRootContext(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CassandraEndpoint.class;
  }

  @Override
  public CassandraEndpoint resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Constructor parameters of a PER_CLASS test are resolved before beforeAll runs.
    closeWithRootContext(context);
    return endpoint();
  }

  /** JUnit closes AutoCloseable store values when their context closes: the root one, last. */
  private static void closeWithRootContext(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
        RootContextCleanup.class, key -> new RootContextCleanup(), RootContextCleanup.class);
  }

  private static final class RootContextCleanup implements AutoCloseable {
    @Override
    public void close() {
      SharedCassandra.INSTANCE.close();
    }
  }
}
