package org.confero.server.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A signalling client for tests: sends raw text, collects the server's messages as JSON. */
public final class WsClient implements Session.Listener.AutoDemanding {
    private static final ObjectMapper JSON = new ObjectMapper();

    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeStatus = -1;
    private Session session;

    public static WsClient connect(WebSocketClient client, int port) throws Exception {
        WsClient ws = new WsClient();
        client.connect(ws, URI.create("ws://127.0.0.1:" + port + "/ws")).get(5, TimeUnit.SECONDS);
        return ws;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            received.add(JSON.readTree(message));
        } catch (Exception e) {
            throw new AssertionError("server sent invalid JSON: " + message, e);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Expected when the server closes on us; the test asserts on closeStatus instead.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeStatus = statusCode;
        closed.countDown();
    }

    public void send(String text) throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        session.sendText(text, Callback.from(sent::countDown, x -> sent.countDown()));
        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    }

    void sendBinary(byte[] bytes) throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        session.sendBinary(java.nio.ByteBuffer.wrap(bytes), Callback.from(sent::countDown, x -> sent.countDown()));
        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Next message of the given type, skipping others (e.g. roster updates); fails after the timeout. */
    public JsonNode expect(String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            JsonNode next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no '" + type + "' message within 5 s");
            }
            if (next.path("type").asText().equals(type)) {
                return next;
            }
        }
    }

    /** The next message, whatever its type. */
    JsonNode next() throws InterruptedException {
        JsonNode next = received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no message within 5 s");
        }
        return next;
    }

    /** Expects an error message with this code as the next error. */
    void expectError(String code) throws InterruptedException {
        assertThat(expect("error").path("code").asText()).isEqualTo(code);
    }

    boolean awaitClosed() throws InterruptedException {
        return closed.await(5, TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return session != null && session.isOpen();
    }

    void close() {
        if (session != null) {
            session.close();
        }
    }
}
