package org.confero.server.webrtc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.confero.server.sdp.Direction;

/**
 * A video m-line as the answer settled it: its mid, our direction and the payload types we accept.
 *
 * @param direction ours: recvonly while the server sends no video
 */
public record NegotiatedVideo(String mid, Direction direction, List<Payload> payloads) {
    /** One accepted video payload type (VP8 or H264 packetization-mode=1). */
    public record Payload(int payloadType, String encodingName, Optional<String> fmtp) {
        public Payload {
            Objects.requireNonNull(encodingName, "encodingName");
            Objects.requireNonNull(fmtp, "fmtp");
        }
    }

    public NegotiatedVideo {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(direction, "direction");
        payloads = List.copyOf(payloads);
    }

    public List<Integer> payloadTypes() {
        return payloads.stream().map(Payload::payloadType).toList();
    }
}
