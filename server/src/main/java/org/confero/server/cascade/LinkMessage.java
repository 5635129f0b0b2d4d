package org.confero.server.cascade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.confero.server.rooms.Room;

/**
 * The cascade control exchange's one message: a remote node asks the room's home node to open (or close) the link
 * of {@code room} for node {@code node}, naming where it receives the link's RTP; the home node answers with the
 * same shape naming its own end. Signed as a whole ({@link LinkSignature}).
 *
 * @param rtp {@code ip:port} of the sender's end of the link; empty in a close request
 * @param time the sender's wall clock, epoch milliseconds (checked against a window)
 * @param nonce random, never reused (checked against replay)
 */
record LinkMessage(String room, String node, String rtp, long time, String nonce) {
    static final int MAX_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final SecureRandom RANDOM = new SecureRandom();

    static LinkMessage of(String room, String node, String rtp) {
        return new LinkMessage(room, node, rtp, System.currentTimeMillis(), newNonce());
    }

    /** 128 random bits, hex. */
    static String newNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when the bytes are not a well-formed message with a valid room id and node id. */
    static Optional<LinkMessage> parse(byte[] body) {
        if (body.length > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            LinkMessage m = JSON.readValue(new String(body, StandardCharsets.UTF_8), LinkMessage.class);
            boolean valid = m != null && m.room() != null && Room.isValidId(m.room()) && m.node() != null
                    && m.node().matches("[a-z0-9][a-z0-9-]{0,31}") && m.rtp() != null && m.nonce() != null
                    && m.nonce().length() <= 64;
            return valid ? Optional.of(m) : Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The {@code rtp} field as an address, when it is an IP literal and a port. */
    Optional<InetSocketAddress> rtpAddress() {
        int colon = rtp.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = rtp.substring(0, colon).replace("[", "").replace("]", "");
        boolean literal = host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
        try {
            int port = Integer.parseInt(rtp.substring(colon + 1));
            if (!literal || port <= 0 || port > 65_535) {
                return Optional.empty();
            }
            return Optional.of(new InetSocketAddress(host, port)); // a literal: no DNS lookup
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
