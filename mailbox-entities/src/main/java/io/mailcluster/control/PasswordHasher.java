package io.mailcluster.control;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format:
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<parallelism>$<salt>$<hash>} (base64 without
 * padding). New hashes use the configured cost; {@link #verify} reads the cost from the stored
 * string, so the configured cost can change without invalidating stored hashes.
 *
 * <p>CPU- and memory-heavy: call it on a dedicated dispatcher, never on an actor thread.
 */
public final class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MIN_HASH_BYTES = 16;
  // sanity bounds for stored strings, far above any cost we would configure: a corrupt string
  // must give false, not an OutOfMemoryError or an endless loop
  private static final long MAX_MEMORY_KIB = 4L * 1024 * 1024;
  private static final long MAX_ITERATIONS = 1024;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})"
              + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final PasswordSettings settings;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(PasswordSettings settings) {
    this.settings = settings;
  }

  /** Hashes with a fresh random salt and the configured cost. */
  public String hash(String password) {
    char[] chars = password.toCharArray();
    try {
      return hash(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** Hashes with a fresh random salt and the configured cost; does not clear {@code password}. */
  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    int m = settings.memoryKib();
    int t = settings.iterations();
    int p = settings.parallelism();
    byte[] hash = argon2id(password, salt, m, t, p, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(m, t, p, B64.encodeToString(salt), B64.encodeToString(hash));
  }

  /**
   * Whether {@code password} matches the stored PHC string, compared in constant time.
   * A malformed or unsupported string gives false, never an exception.
   */
  public boolean verify(String password, String phc) {
    if (password == null || phc == null) {
      return false;
    }
    Matcher matcher = PHC.matcher(phc);
    if (!matcher.matches()) {
      return false;
    }
    try {
      long m = Long.parseLong(matcher.group(1));
      long t = Long.parseLong(matcher.group(2));
      int p = Integer.parseInt(matcher.group(3));
      byte[] salt = B64_DECODER.decode(matcher.group(4));
      byte[] expected = B64_DECODER.decode(matcher.group(5));
      if (!plausible(m, t, p, salt, expected)) {
        return false;
      }
      char[] chars = password.toCharArray();
      try {
        byte[] actual = argon2id(chars, salt, (int) m, (int) t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
      } finally {
        Arrays.fill(chars, '\0');
      }
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static boolean plausible(long m, long t, int p, byte[] salt, byte[] hash) {
    return p >= 1 && p <= 255 && t >= 1 && t <= MAX_ITERATIONS
        && m >= 8L * p && m <= MAX_MEMORY_KIB
        && salt.length >= 8 && hash.length >= MIN_HASH_BYTES;
  }

  private static byte[] argon2id(char[] password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] secret = utf8(password);
    byte[] out = new byte[length];
    try {
      generator.generateBytes(secret, out);
      return out;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    Arrays.fill(buffer.array(), (byte) 0);
    return bytes;
  }
}
