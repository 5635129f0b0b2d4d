package org.confero.server.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A client of baresip's {@code ctrl_tcp} module: commands and events as JSON in netstrings
 * ({@code 43:{"command":"dial","params":"sip:b@…","token":"7"},}). A reader thread collects events and responses;
 * callers wait for them with a deadline, and every wait also ends when the phone's process has died.
 */
public final class BaresipControl implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final Duration CONNECT_RETRY = Duration.ofMillis(50);

    private final Socket socket;
    private final OutputStream out;
    private final BooleanSupplier peerAlive;
    private final List<BaresipEvent> events = new ArrayList<>();
    private final Map<String, Integer> consumedByType = new HashMap<>();
    private final Map<String, JsonNode> responses = new HashMap<>();
    private boolean disconnected;
    private int nextToken = 1;

    private BaresipControl(Socket socket, BooleanSupplier peerAlive, String name) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.peerAlive = peerAlive;
        Thread reader = new Thread(this::readLoop, "baresip-ctrl-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code port} on 127.0.0.1, retrying while baresip starts; empty if it never listens. */
    static Optional<BaresipControl> connect(int port, Duration timeout, BooleanSupplier peerAlive, String name) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && peerAlive.getAsBoolean()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                socket.setTcpNoDelay(true);
                return Optional.of(new BaresipControl(socket, peerAlive, name));
            } catch (IOException notYet) {
                closeQuietly(socket);
                sleep(CONNECT_RETRY);
            }
        }
        return Optional.empty();
    }

    /** Sends a command and waits for its response: the {@code ok} flag and the {@code data} text. */
    Response command(String command, String params, Duration timeout) {
        String token;
        synchronized (this) {
            token = Integer.toString(nextToken++);
        }
        ObjectNode message = JSON.createObjectNode().put("command", command).put("token", token);
        if (params != null) {
            message.put("params", params);
        }
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (out) {
                out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.write(',');
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + command + "' to baresip", e);
        }
        JsonNode response = awaitValue(() -> responses.remove(token), timeout);
        if (response == null) {
            return new Response(false, "", true);
        }
        return new Response(response.path("ok").asBoolean(), response.path("data").asText(), false);
    }

    /** The outcome of a command; {@code unanswered} when no response came in time (e.g. the phone quit). */
    public record Response(boolean ok, String data, boolean unanswered) {
    }

    /**
     * The first event of {@code type} not returned by an earlier call for the same type, or empty once
     * {@code timeout} has passed or the phone's process has ended.
     */
    Optional<BaresipEvent> nextEvent(String type, Duration timeout) {
        return Optional.ofNullable(awaitValue(() -> {
            int consumed = consumedByType.getOrDefault(type, 0);
            int seen = 0;
            for (BaresipEvent event : events) {
                if (event.type().equals(type) && seen++ == consumed) {
                    consumedByType.put(type, consumed + 1);
                    return event;
                }
            }
            return null;
        }, timeout));
    }

    /** Treats every event received so far as already returned by {@link #nextEvent}. */
    synchronized void markAllSeen() {
        consumedByType.clear();
        events.forEach(event -> consumedByType.merge(event.type(), 1, Integer::sum));
    }

    synchronized List<BaresipEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private interface Lookup<T> {
        T find();
    }

    /** Polls {@code lookup} under the lock until it yields a value, the deadline passes or the peer is gone. */
    private <T> T awaitValue(Lookup<T> lookup, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                T value = lookup.find();
                long left = deadline - System.nanoTime();
                if (value != null || left <= 0 || (disconnected && !peerAlive.getAsBoolean())) {
                    return value;
                }
                try {
                    wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return value;
                }
            }
        }
    }

    private void readLoop() {
        try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
            while (true) {
                byte[] message = readNetstring(in);
                if (message == null) {
                    break;
                }
                JsonNode json = JSON.readTree(message);
                long now = System.nanoTime();
                synchronized (this) {
                    if (json.path("response").asBoolean()) {
                        responses.put(json.path("token").asText(), json);
                    } else if (json.path("event").asBoolean()) {
                        events.add(BaresipEvent.of(json, now));
                    }
                    notifyAll();
                }
            }
        } catch (IOException closed) {
            // the phone quit or close() was called: waiters learn it below
        } finally {
            synchronized (this) {
                disconnected = true;
                notifyAll();
            }
        }
    }

    /** Reads one netstring ({@code <length>:<bytes>,}); null at end of stream. */
    private static byte[] readNetstring(InputStream in) throws IOException {
        int length = 0;
        int digits = 0;
        int c;
        while ((c = in.read()) != ':') {
            if (c < 0) {
                return null;
            }
            if (c < '0' || c > '9' || ++digits > 7) {
                throw new IOException("bad netstring length from baresip");
            }
            length = length * 10 + (c - '0');
        }
        if (length > MAX_MESSAGE_BYTES) {
            throw new IOException("netstring of " + length + " bytes from baresip");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length);
        body.write(in.readNBytes(length));
        if (body.size() != length || in.read() != ',') {
            throw new IOException("truncated netstring from baresip");
        }
        return body.toByteArray();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
