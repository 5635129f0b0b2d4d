package org.confero.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadConfigurationTest {
    @TempDir
    Path dir;

    private static void load(Map<String, String> env, String... args) {
        ConfigLoader.load(CommandLine.parse(List.of(args)), env, () -> "confero.test");
    }

    @Test
    void aNonNumericPortNamesTheSettingAndTheFlag() {
        assertThatThrownBy(() -> load(Map.of(), "--sip-port", "abc")).isInstanceOf(ConfigException.class)
                .hasMessage("sip.port must be a whole number, was 'abc' (flag --sip-port)");
    }

    @Test
    void anOutOfRangePortNamesTheSettingAndTheVariable() {
        assertThatThrownBy(() -> load(Map.of("CONFERO_HTTP_HTTPS_PORT", "70000"))).isInstanceOf(ConfigException.class)
                .hasMessage("http.https-port must be 0-65535, was 70000 (environment CONFERO_HTTP_HTTPS_PORT)");
    }

    @Test
    void aTypoInTheFileIsRefusedWithTheFileName() throws IOException {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "sip.prot = 5060\n");
        assertThatThrownBy(() -> load(Map.of(), "--config", f.toString())).isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'sip.prot' (file " + f + ")");
    }

    @Test
    void roomAndUserPropertiesMustBeKnownAndLowerCase() throws IOException {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "room.demo.PIN = 1234\n");
        assertThatThrownBy(() -> load(Map.of(), "--config", f.toString()))
                .hasMessage("unknown setting 'room.demo.PIN' (file " + f + ")");
        Files.writeString(f, "user.alice.pasword = x\n");
        assertThatThrownBy(() -> load(Map.of(), "--config", f.toString()))
                .hasMessage("unknown setting 'user.alice.pasword' (file " + f + ")");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> load(Map.of(), "--config", missing.toString())).isInstanceOf(ConfigException.class)
                .hasMessage("cannot read configuration file " + missing + ": no such file");
    }

    @Test
    void rangeErrorsFromTheRecordsNameTheSource() {
        assertThatThrownBy(() -> load(Map.of("CONFERO_MEDIA_OPUS_COMPLEXITY", "11")))
                .hasMessage("media.opus-complexity must be 0-10 (environment CONFERO_MEDIA_OPUS_COMPLEXITY)");
        assertThatThrownBy(() -> load(Map.of("CONFERO_SIP_MIN_SESSION_EXPIRES", "30")))
                .hasMessageStartingWith("sip.min-session-expires must be at least 90");
    }

    @Test
    void aBindAddressMustBeAnIpAddress() {
        assertThatThrownBy(() -> load(Map.of(), "--bind", "example.org"))
                .hasMessage("bind must be an IP address such as 0.0.0.0 or 127.0.0.1 (flag --bind)");
        assertThatThrownBy(() -> load(Map.of(), "--bind", "300.1.1.1")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aRoomPinMustBeDigits() {
        assertThatThrownBy(() -> load(Map.of("CONFERO_ROOM_DEMO_PIN", "12ab")))
                .hasMessage("room.demo: room PIN must be 4-12 digits (environment CONFERO_ROOM_DEMO_PIN)");
    }

    @Test
    void aUserNeedsAPassword() {
        assertThatThrownBy(() -> load(Map.of("CONFERO_USER_CAROL_PASSWORD", " ")))
                .hasMessage("user.carol.password must be set (environment CONFERO_USER_CAROL_PASSWORD)");
    }

    @Test
    void iceServersMustBeStunOrTurnUrls() {
        assertThatThrownBy(() -> load(Map.of("CONFERO_WEBRTC_ICE_SERVERS", "http://x")))
                .hasMessageStartingWith("webrtc.ice-servers entries must start with stun:");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("--sip-prot", "1"))).hasMessage("unknown option --sip-prot");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--sip-port"))).hasMessage("option --sip-port needs a value");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--config", "--help")))
                .hasMessage("option --config needs a value");
    }
}
