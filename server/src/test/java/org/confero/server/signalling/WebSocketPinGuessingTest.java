package org.confero.server.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.confero.server.http.TestServer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PIN guessing over many WebSockets from one address (127.0.0.1) is banned after {@code guard.pin-failures}
 * (10) wrong PINs, however many sockets it opens; a browser on another address (127.0.0.2) still gets into the
 * room with the right PIN.
 */
class WebSocketPinGuessingTest {
    @TempDir
    Path dataDir;

    private final FakeBrowserCalls calls = new FakeBrowserCalls();
    private final WebSocketClient attackerClient = new WebSocketClient();
    private WebSocketClient otherClient;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dataDir, calls,
                new SignallingLimits(64 * 1024, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), 3));
        attackerClient.start();
        HttpClient http = new HttpClient();
        http.setBindAddress(new InetSocketAddress("127.0.0.2", 0));
        otherClient = new WebSocketClient(http);
        otherClient.start();
    }

    @AfterEach
    void stop() throws Exception {
        attackerClient.stop();
        otherClient.stop();
        server.close();
    }

    @Test
    void guessingFromManySocketsIsBannedAndTheRightPinFromElsewhereGetsIn() throws Exception {
        int guesses = 0;
        int sockets = 0;
        String endedWith = null;
        outer:
        for (int s = 0; s < 10; s++) {
            WsClient guesser = WsClient.connect(attackerClient, server.httpPort());
            sockets++;
            for (int i = 0; i < 3; i++) {
                guesser.send("{\"type\":\"join\",\"room\":\"secret\",\"name\":\"Eve\",\"pin\":\""
                        + String.format("%04d", 5000 + guesses) + "\"}");
                JsonNode reply = guesser.next();
                if (reply.path("type").asText().equals("bye") || reply.path("code").asText().equals("rate-limited")) {
                    endedWith = reply.path("type").asText() + ":" + reply.path("reason").asText()
                            + reply.path("code").asText();
                    break outer;
                }
                assertThat(reply.path("code").asText()).isEqualTo("wrong-pin");
                guesses++;
                if (guesses == 10) {
                    endedWith = guesser.expect("bye").path("reason").asText();
                    break outer;
                }
            }
            guesser.expect("bye"); // too-many-attempts: three per socket
        }
        System.out.printf("WebSocket PIN guessing: %d wrong PINs over %d sockets, then %s; bans=%d%n", guesses,
                sockets, endedWith, server.metrics.counterValue("confero_guard_bans_total"));
        assertThat(guesses).isEqualTo(10);
        assertThat(endedWith).isEqualTo("banned");
        assertThat(server.metrics.counterValue("confero_guard_bans_total")).isEqualTo(1);

        WsClient again = WsClient.connect(attackerClient, server.httpPort());
        again.send("{\"type\":\"join\",\"room\":\"secret\",\"name\":\"Eve\",\"pin\":\"1234\"}");
        again.expectError("rate-limited");
        assertThat(again.awaitClosed()).as("a banned address is turned away, even with the right PIN").isTrue();

        WsClient ada = WsClient.connect(otherClient, server.httpPort());
        ada.send("{\"type\":\"join\",\"room\":\"secret\",\"name\":\"Ada\",\"pin\":\"1234\"}");
        assertThat(ada.expect("joined").path("room").asText()).isEqualTo("secret");
    }
}
