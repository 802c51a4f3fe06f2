package io.mailcluster.control;

import com.typesafe.config.Config;

/** Password policy and Argon2id cost, read from {@code mail-cluster.passwords}. */
public record PasswordSettings(
    int minLength, int maxLength, int memoryKib, int iterations, int parallelism) {

  public static PasswordSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.passwords");
    return new PasswordSettings(
        c.getInt("min-length"),
        c.getInt("max-length"),
        c.getInt("argon2.memory-kib"),
        c.getInt("argon2.iterations"),
        c.getInt("argon2.parallelism"));
  }

  /**
   * Checks the length policy (counted in code points).
   *
   * @throws Rejection of kind INVALID naming the limit that was missed
   */
  public void checkPolicy(String password) {
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (length < minLength) {
      throw Rejection.invalid("password must be at least " + minLength + " characters long");
    }
    if (length > maxLength) {
      throw Rejection.invalid("password must be at most " + maxLength + " characters long");
    }
  }
}
