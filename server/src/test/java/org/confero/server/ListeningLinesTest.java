package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.confero.server.config.CommandLine;
import org.confero.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class ListeningLinesTest {
    private static List<String> lines(Map<String, String> env, String... args) {
        return ListeningLines.of(ConfigLoader.load(CommandLine.parse(List.of(args)), env, () -> "conf.example.org"));
    }

    @Test
    void eachListenerSaysHowToReachTheDemoRoom() {
        assertThat(lines(Map.of(), "--bind", "127.0.0.1")).containsExactly(
                "SIP    udp 127.0.0.1:5060  -> dial sip:demo@127.0.0.1",
                "SIP    tcp 127.0.0.1:5060  -> dial sip:demo@127.0.0.1;transport=tcp",
                "SIP    tls 127.0.0.1:5061  -> dial sips:demo@127.0.0.1 (or sip:...;transport=tls)",
                "HTTP   http://127.0.0.1:8080/r/demo",
                "HTTPS  https://127.0.0.1:8443/r/demo",
                "WebRTC udp 127.0.0.1:10000  (media of every browser)");
    }

    @Test
    void aWildcardBindDialsTheDomainAndANonStandardPortIsInTheUri() {
        assertThat(lines(Map.of("CONFERO_WEBRTC_PORT", "0"), "--sip-port", "5070", "--http-port", "0",
                "--https-port", "0")).containsExactly(
                "SIP    udp 0.0.0.0:5070  -> dial sip:demo@conf.example.org:5070",
                "SIP    tcp 0.0.0.0:5070  -> dial sip:demo@conf.example.org:5070;transport=tcp",
                "SIP    tls 0.0.0.0:5061  -> dial sips:demo@conf.example.org (or sip:...;transport=tls)");
    }

    @Test
    void tlsOffPrintsNoTlsLine() {
        assertThat(lines(Map.of("CONFERO_SIP_TLS_PORT", "0"), "--bind", "127.0.0.1"))
                .noneMatch(line -> line.contains(" tls "));
    }
}
