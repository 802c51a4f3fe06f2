package io.mailcluster.testing;

import java.lang.reflect.Method;
import org.apache.pekko.actor.testkit.typed.internal.CapturingAppender;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Shows a test's log lines only when it fails (logback-test.xml routes everything into Pekko's
 * CapturingAppender).
 *
 * <p>Stands in for Pekko's {@code LogCapturingExtension}, which in Pekko 1.2.1 loads the JUnit 4
 * {@code TestRule} class (apache/pekko#2864, fixed after 1.2.1) and so fails without JUnit 4 on
 * the test classpath. Switch back once Pekko is upgraded.
 */
public final class LogCapturing implements InvocationInterceptor {

  private final CapturingAppender appender = CapturingAppender.get("");

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    String test = extensionContext.getDisplayName();
    try {
      invocation.proceed();
    } catch (Throwable failure) {
      System.out.println("--> logs of failed test " + test + ": " + failure);
      appender.flush();
      System.out.println("<-- end of logs of failed test " + test);
      throw failure;
    } finally {
      appender.clear();
    }
  }
}
