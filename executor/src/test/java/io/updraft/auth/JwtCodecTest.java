package io.updraft.auth;

import io.updraft.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtCodecTest {

    private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final JwtCodec codec = new JwtCodec(key, Duration.ofSeconds(86_400), clock);

    @Test
    void roundTripsUsernameAndRole() throws InvalidTokenException {
        String token = codec.issue(new Principal("ann", Role.OP));

        assertThat(codec.verify(token)).isEqualTo(new Principal("ann", Role.OP));
        assertThat(payload(token)).contains("\"sub\":\"ann\"", "\"role\":\"op\"", "\"exp\":1735776000");
    }

    @Test
    void rejectsExpiredToken() {
        String token = codec.issue(new Principal("ann", Role.OP));
        clock.now = clock.now.plusSeconds(86_400 + 6);

        assertThatThrownBy(() -> codec.verify(token)).isInstanceOf(InvalidTokenException.class)
                .satisfies(e -> assertThat(((InvalidTokenException) e).expired()).isTrue());
    }

    @Test
    void rejectsChangedPayloadAndUnsignedToken() {
        String token = codec.issue(new Principal("ann", Role.VIEWER));
        String[] parts = token.split("\\.");
        String promoted = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload(token).replace("\"viewer\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.verify(parts[0] + "." + promoted + "." + parts[2]))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> codec.verify(none + "." + parts[1] + ".")).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> codec.verify("garbage")).isInstanceOf(InvalidTokenException.class);
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** A clock the test moves. */
}
