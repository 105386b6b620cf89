package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void matchesOnlyTheRightPasswordAndSaltsEveryHash() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");

        assertThat(first).startsWith("pbkdf2_sha256$600000$").doesNotContain("correct horse");
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("correct horse", second)).isTrue();
        assertThat(hasher.matches("Correct horse", first)).isFalse();
        assertThat(hasher.matches("correct horse", "plain-text")).isFalse();
    }

    @Test
    void theDecoyCostsAFullDerivationAndMatchesNoPassword() {
        String decoy = hasher.decoy();

        // the same iteration count as a stored hash, so rejecting an unknown user takes as long as a wrong password
        assertThat(decoy).startsWith("pbkdf2_sha256$600000$");
        assertThat(hasher.matches("", decoy)).isFalse();
        assertThat(hasher.matches("not a password of anyone", decoy)).isFalse();
    }
}
