package org.confero.server.peers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event baresip's {@code ctrl_tcp} module reported, e.g. {@code CALL_INCOMING}, {@code CALL_RINGING},
 * {@code CALL_ESTABLISHED}, {@code CALL_RTPESTAB}, {@code CALL_RTCP}, {@code CALL_CLOSED}, {@code REGISTER_OK},
 * {@code REGISTER_FAIL}, {@code SHUTDOWN}, {@code EXIT}.
 *
 * @param type          the event type
 * @param callId        baresip's id of the call ("" for non-call events)
 * @param peerUri       the remote party ("" when none)
 * @param param         free text: the reason of a {@code CALL_CLOSED}, the peer of a {@code CALL_ESTABLISHED}
 * @param receivedNanos {@link System#nanoTime()} when the harness read it, to time call set-up
 * @param json          the whole event as baresip sent it
 */
public record BaresipEvent(String type, String callId, String peerUri, String param, long receivedNanos,
        JsonNode json) {

    static BaresipEvent of(JsonNode json, long receivedNanos) {
        return new BaresipEvent(json.path("type").asText(), json.path("id").asText(),
                json.path("peeruri").asText(), json.path("param").asText(), receivedNanos, json);
    }

    @Override
    public String toString() {
        return type + (peerUri.isEmpty() ? "" : " " + peerUri) + (param.isEmpty() ? "" : " (" + param + ")");
    }
}
