package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  private static final PasswordSettings SETTINGS =
      PasswordSettings.fromConfig(
          ConfigFactory.parseResources("fast-passwords.conf").withFallback(ConfigFactory.defaultReference()));

  private final PasswordHasher hasher = new PasswordHasher(SETTINGS);

  @Test
  void referenceConfHoldsRecommendedDefaults() {
    assertEquals(
        new PasswordSettings(8, 1024, 19456, 2, 1),
        PasswordSettings.fromConfig(ConfigFactory.defaultReference()));
  }

  @Test
  void hashIsPhcStringWithConfiguredCost() {
    String phc = hasher.hash("correct horse battery staple");
    assertTrue(
        phc.matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), phc);
  }

  @Test
  void verifyAcceptsRightPasswordAndRejectsWrongOne() {
    String phc = hasher.hash("correct horse battery staple");
    assertTrue(hasher.verify("correct horse battery staple", phc));
    assertFalse(hasher.verify("correct horse battery stapler", phc));
    assertFalse(hasher.verify("", phc));
  }

  @Test
  void charArrayAndStringHashAlike() {
    String phc = hasher.hash("pässwörd 🙂".toCharArray());
    assertTrue(hasher.verify("pässwörd 🙂", phc));
  }

  @Test
  void saltIsRandom() {
    assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
  }

  /** Produced by the Argon2 reference implementation's CLI (Debian package argon2). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "correct horse battery staple|$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "pässwörd|$argon2id$v=19$m=256,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$vt6wsEBpsxKYB1Rp8R1JWixlcU/sIALouFwAKulCX6M",
      })
  void verifiesReferenceVectorsWithTheirOwnCost(String vector) {
    String[] parts = vector.split("\\|");
    assertTrue(hasher.verify(parts[0], parts[1]));
    assertFalse(hasher.verify(parts[0] + "x", parts[1]));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "plaintext",
        "$argon2i$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=16$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$t=1,m=1024,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg",
        "$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA$",
        "$argon2id$v=19$m=1024,t=1,p=1$M$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTL",
        "$argon2id$v=19$m=1024,t=0,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=1024,t=1,p=0$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=4,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=9999999999,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=1024,t=99999,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuXA",
        "$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$azTLujkK55NJiAE0/I6dV5rdvW8MXmLElyGGkdLnuX=",
        "$argon2id$v=19$m=1024,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$a",
      })
  void malformedHashVerifiesFalse(String phc) {
    assertFalse(hasher.verify("correct horse battery staple", phc));
  }

  @Test
  void policyNamesTheLimitThatWasMissed() {
    Rejection tooShort = assertThrows(Rejection.class, () -> SETTINGS.checkPolicy("1234567"));
    assertEquals(Rejection.Kind.INVALID, tooShort.kind());
    assertEquals("password must be at least 8 characters long", tooShort.getMessage());
    Rejection tooLong = assertThrows(Rejection.class, () -> SETTINGS.checkPolicy("x".repeat(1025)));
    assertEquals("password must be at most 1024 characters long", tooLong.getMessage());
    SETTINGS.checkPolicy("12345678");
    SETTINGS.checkPolicy("x".repeat(1024));
  }

  @Test
  void policyCountsCharactersNotUtf16Units() {
    assertThrows(Rejection.class, () -> SETTINGS.checkPolicy("🙂".repeat(7)));
    SETTINGS.checkPolicy("🙂".repeat(8));
  }
}
