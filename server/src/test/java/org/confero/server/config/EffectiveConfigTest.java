package org.confero.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {
    @Test
    void printedConfigurationNeverShowsPasswordsOrPins() {
        ConferoConfig c = ConfigLoader.load(CommandLine.parse(List.of()), Map.of(
                "CONFERO_USER_ALICE_PASSWORD", "alice-pw-42", "CONFERO_ROOM_DEMO_PIN", "918273",
                "CONFERO_HTTP_KEYSTORE", "/etc/ks.p12", "CONFERO_HTTP_KEYSTORE_PASSWORD", "ks-pw-77"), () -> "h");
        List<String> lines = EffectiveConfig.lines(c);
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain("alice-pw-42", "918273", "ks-pw-77");
        assertThat(lines).contains("user.alice.password = ********", "room.demo.pin = ********",
                "http.keystore-password = ********", "http.keystore = /etc/ks.p12", "sip.port = 5060");
        // The secrets are still there for the parts that need them.
        assertThat(c.users().get(0).password()).isEqualTo("alice-pw-42");
        assertThat(c.toString()).doesNotContain("alice-pw-42", "ks-pw-77");
    }

    @Test
    void everyScalarSettingIsPrinted() {
        List<String> lines = EffectiveConfig.lines(ConfigLoader.load(CommandLine.parse(List.of()), Map.of(), () -> "h"));
        for (Setting s : Setting.ALL) {
            assertThat(lines).anyMatch(l -> l.startsWith(s.key() + " = "));
        }
        assertThat(lines).contains("room.demo.pin = (none)");
    }

    @Test
    void helpListsEveryFlagEverySettingAndTheEnvironmentRule() {
        String usage = CommandLine.usage();
        assertThat(usage).contains("--config FILE", "--data-dir DIR", "--sip-port N", "--http-port N",
                "--https-port N", "--bind ADDR", "--help", "CONFERO_SIP_PORT", "CONFERO_HTTP_HTTPS_PORT",
                "docker/confero.properties", "user.<name>.password");
        for (Setting s : Setting.ALL) {
            assertThat(usage).contains(s.key());
        }
        assertThat(CommandLine.parse(List.of("--help")).help()).isTrue();
    }
}
