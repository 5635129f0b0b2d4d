package org.confero.server.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.confero.server.config.TurnConfig;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    @Test
    void usernameIsExpiryAndUserAndPasswordIsTheBase64HmacSha1OfIt() {
        // Reference value: printf '%s' 1700003600:p-1 | openssl dgst -binary -sha1 -hmac s3cr3t | base64
        TurnCredentials c = TurnCredentials.issue("s3cr3t", "p-1", Instant.ofEpochSecond(1_700_000_000L),
                Duration.ofHours(1));
        assertThat(c.username()).isEqualTo("1700003600:p-1");
        assertThat(c.password()).isEqualTo("Qjxxc/jcvyRiSUwHLgRfZw7+B/Q=");
        assertThat(c.toString()).doesNotContain(c.password());
    }

    @Test
    void turnUrlsGetCredentialsStunUrlsDoNot() {
        IceServers servers = new IceServers(List.of("stun:198.51.100.1:3478", "turn:198.51.100.1:3478?transport=tcp",
                "turns:turn.example.org:5349"), new TurnConfig("s3cr3t", 600), true,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        List<ServerMessage.IceServer> list = servers.forParticipant("p-1");
        assertThat(list.get(0)).isEqualTo(new ServerMessage.IceServer("stun:198.51.100.1:3478"));
        assertThat(list.get(1).username()).isEqualTo("1700000600:p-1");
        assertThat(list.get(2).username()).isEqualTo("1700000600:p-1");
        assertThat(list.get(1).credential()).isNotBlank().isEqualTo(list.get(2).credential());
        assertThat(servers.transportPolicy()).isEqualTo("relay");
    }

    @Test
    void withoutASecretTurnUrlsGoOutBare() {
        assertThat(IceServers.withoutCredentials(List.of("turn:198.51.100.1:3478")).forParticipant("p")
                .get(0).username()).isNull();
    }
}
