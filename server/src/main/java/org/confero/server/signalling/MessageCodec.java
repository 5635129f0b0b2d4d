package org.confero.server.signalling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Map;

/** Turns socket text into {@link ClientMessage}s and {@link ServerMessage}s into text. Never throws on bad input. */
public final class MessageCodec {
    private static final Map<String, Class<? extends ClientMessage>> TYPES = Map.ofEntries(
            Map.entry("host", ClientMessage.Host.class),
            Map.entry("join", ClientMessage.Join.class),
            Map.entry("offer", ClientMessage.Offer.class),
            Map.entry("candidate", ClientMessage.Candidate.class),
            Map.entry("mute", ClientMessage.Mute.class),
            Map.entry("layout", ClientMessage.Layout.class),
            Map.entry("share", ClientMessage.Share.class),
            Map.entry("chat", ClientMessage.Chat.class),
            Map.entry("record", ClientMessage.Record.class),
            Map.entry("leave", ClientMessage.Leave.class),
            Map.entry("ping", ClientMessage.Ping.class));

    private final ObjectMapper mapper = new ObjectMapper()
            // The "type" field and fields added by newer clients are not record components.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    {
        // Flags are JSON booleans: "true" or 1 is a malformed message, not a guess at what the client meant.
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }
    private final ObjectWriter writer = mapper.writerFor(ServerMessage.class);

    /** A parsed message or the reason it was refused. */
    public sealed interface Decoded {
        record Ok(ClientMessage message) implements Decoded {}

        record Failed(ErrorCode code, String detail) implements Decoded {}
    }

    public Decoded decode(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return new Decoded.Failed(ErrorCode.BAD_JSON, "not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return new Decoded.Failed(ErrorCode.BAD_JSON, "expected a JSON object");
        }
        JsonNode type = node.get("type");
        Class<? extends ClientMessage> cls = type != null && type.isTextual() ? TYPES.get(type.textValue()) : null;
        if (cls == null) {
            return new Decoded.Failed(ErrorCode.UNKNOWN_TYPE, "unknown message type");
        }
        try {
            return new Decoded.Ok(mapper.treeToValue(node, cls));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Decoded.Failed(ErrorCode.BAD_REQUEST, "malformed " + type.textValue() + " message");
        }
    }

    public String encode(ServerMessage message) {
        try {
            return writer.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }
}
