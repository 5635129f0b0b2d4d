package org.confero.server.chat;

import java.util.Objects;

/**
 * One chat line as the room sees it: who sent it (a participant id, or {@code sip:user} for a registered user who
 * is not in the call), the name shown, the cleaned text and the server's clock when it arrived.
 */
public record ChatMessage(String roomId, String senderId, String senderName, String text, long timestampMillis) {
    public ChatMessage {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(senderName, "senderName");
        Objects.requireNonNull(text, "text");
    }
}
