package org.confero.server.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's chat: browsers and SIP post lines here and every member of the room gets them, the sender included
 * (its copy carries the server's timestamp). Delivery must not block: sinks queue to their own transport.
 */
public final class ChatHub {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHub.class);
    /** Longest line accepted, in characters after cleaning. */
    public static final int MAX_TEXT_CHARS = 1000;

    /** One member's way to receive the room's chat (a browser's socket). */
    public interface Sink {
        void deliver(ChatMessage message);
    }

    /** Receives every room's chat and picks its own members (the SIP focus and its calls). */
    public interface Relay {
        void deliver(ChatMessage message);
    }

    /** Ends a {@link #join}. */
    public interface Membership extends AutoCloseable {
        @Override
        void close();
    }

    /** Why a line was refused. */
    public enum Refusal { EMPTY, TOO_LONG }

    private final Map<String, Set<Sink>> rooms = new ConcurrentHashMap<>();
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Metrics.Counter posted;
    private final Metrics.Counter refused;

    public ChatHub(Metrics metrics, Clock clock) {
        this.clock = clock;
        this.posted = metrics.counter("confero_chat_messages_total", "Chat lines delivered to a room");
        this.refused = metrics.counter("confero_chat_refused_total", "Chat lines refused (empty or too long)");
    }

    public Membership join(String roomId, Sink sink) {
        rooms.computeIfAbsent(roomId, r -> ConcurrentHashMap.newKeySet()).add(sink);
        return () -> rooms.computeIfPresent(roomId, (r, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    public void addRelay(Relay relay) {
        relays.add(relay);
    }

    /** Why {@code text} cannot be posted, or empty when it can. */
    public static Optional<Refusal> check(String text) {
        String cleaned = clean(text);
        if (cleaned.isEmpty()) {
            return Optional.of(Refusal.EMPTY);
        }
        return cleaned.length() > MAX_TEXT_CHARS ? Optional.of(Refusal.TOO_LONG) : Optional.empty();
    }

    /**
     * Sends a line to everyone in the room; returns it as delivered, or the refusal. The text is kept as plain
     * text: control characters other than line breaks and tabs are removed, nothing is interpreted.
     */
    public Optional<ChatMessage> post(String roomId, String senderId, String senderName, String text) {
        if (check(text).isPresent()) {
            refused.increment();
            return Optional.empty();
        }
        ChatMessage message = new ChatMessage(roomId, senderId, senderName, clean(text), clock.millis());
        posted.increment();
        LOG.info("chat room={} participant={} chars={}", roomId, senderId, message.text().length());
        for (Sink sink : rooms.getOrDefault(roomId, Set.of())) {
            deliverQuietly(() -> sink.deliver(message), roomId);
        }
        for (Relay relay : relays) {
            deliverQuietly(() -> relay.deliver(message), roomId);
        }
        return Optional.of(message);
    }

    private static void deliverQuietly(Runnable delivery, String roomId) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.warn("chat delivery failed room={}", roomId, e);
        }
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\r\n", "\n").replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").strip();
    }
}
