package org.confero.server.webrtc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.confero.server.sdp.Direction;

/**
 * A video m-line as the answer settled it: its mid, our direction and the one payload type we accept. The first
 * video m-line is the camera (we send the composite on it); later ones are screen shares we only receive.
 *
 * @param direction ours, from the answer
 */
public record VideoSection(String mid, Direction direction, List<Payload> payloads) {
    /** One accepted video payload type (VP8 or H264 packetization-mode=1). */
    public record Payload(int payloadType, String encodingName, Optional<String> fmtp) {
        public Payload {
            Objects.requireNonNull(encodingName, "encodingName");
            Objects.requireNonNull(fmtp, "fmtp");
        }
    }

    public VideoSection {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(direction, "direction");
        payloads = List.copyOf(payloads);
    }

    public List<Integer> payloadTypes() {
        return payloads.stream().map(Payload::payloadType).toList();
    }
}
