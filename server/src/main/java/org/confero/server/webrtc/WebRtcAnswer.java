package org.confero.server.webrtc;

import java.util.Optional;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.ScreenShare;
import java.util.List;
import java.util.Objects;
import org.confero.server.conference.NegotiatedAudio;
import org.confero.server.sdp.SessionDescription;

/**
 * The SDP answer to a browser's offer and what it settled.
 *
 * @param sdp the answer to send to the browser
 * @param audioMid mid of the audio m-line that carries Opus
 * @param video accepted video m-lines, in offer order
 * @param camera the first accepted video m-line as the leg uses it: the browser's camera in, the composite out
 * @param screen a later video m-line the browser sends on, with a known SSRC: its shared screen
 */
public record WebRtcAnswer(SessionDescription description, String sdp, NegotiatedAudio audio, String audioMid,
                           List<VideoSection> video, Optional<NegotiatedVideo> camera, Optional<ScreenShare> screen) {
    public WebRtcAnswer {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(audioMid, "audioMid");
        video = List.copyOf(video);
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(screen, "screen");
    }

    /** Every accepted video payload type, over all video m-lines. */
    public List<Integer> videoPayloadTypes() {
        return video.stream().flatMap(v -> v.payloadTypes().stream()).distinct().toList();
    }
}
