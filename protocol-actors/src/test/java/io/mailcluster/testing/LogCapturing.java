package io.mailcluster.testing;

import java.lang.reflect.Method;
import org.apache.pekko.actor.testkit.typed.internal.CapturingAppender;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Shows a test's log lines only when it fails (logback-test.xml routes everything into
 * Pekko's CapturingAppender). Stands in for Pekko's LogCapturingExtension, which in Pekko
 * 1.2.1 needs JUnit 4 on the class path (apache/pekko#2864); mailbox-entities has the same
 * helper in its tests.
 */
public final class LogCapturing implements InvocationInterceptor {

  private final CapturingAppender appender = CapturingAppender.get("");

  @Override
  public void interceptTestMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
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
