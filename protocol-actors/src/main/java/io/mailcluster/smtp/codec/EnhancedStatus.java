package io.mailcluster.smtp.codec;

/**
 * An RFC 3463 enhanced status code, {@code class.subject.detail}, e.g. 5.1.1. A value so that
 * call sites name a code ({@code EnhancedStatus.of(5, 1, 1)}) instead of building strings.
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

  public EnhancedStatus {
    // RFC 3463: class is 2 (success), 4 (persistent transient) or 5 (permanent);
    // subject and detail are 1 to 3 digits
    if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
      throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + statusClass);
    }
    if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
      throw new IllegalArgumentException("enhanced status subject/detail out of range");
    }
  }

  public static EnhancedStatus of(int statusClass, int subject, int detail) {
    return new EnhancedStatus(statusClass, subject, detail);
  }

  @Override
  public String toString() {
    return statusClass + "." + subject + "." + detail;
  }
}
