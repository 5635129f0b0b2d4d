package org.confero.server.signalling;

import java.util.Set;

/** Messages a browser sends; the JSON {@code type} field selects the record (see {@link MessageCodec}). */
public sealed interface ClientMessage {
    record Join(String room, String name, String pin) implements ClientMessage {}

    record Offer(String sdp) implements ClientMessage {}

    /** A null or empty {@code candidate} means end of candidates. */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) implements ClientMessage {}

    record Mute(boolean audio, boolean video) implements ClientMessage {}

    /**
     * Asks for the room's video layout. Only the three names the composer knows are accepted; anything else is
     * refused at the edge (the codec turns the exception into {@code bad-request}).
     */
    record Layout(String layout) implements ClientMessage {
        public static final Set<String> NAMES = Set.of("grid", "speaker", "presenter");

        public Layout {
            if (layout == null || !NAMES.contains(layout)) {
                throw new IllegalArgumentException("layout must be one of " + NAMES);
            }
        }
    }

    /** The browser started ({@code true}) or stopped sharing its screen as a second video track. */
    record Share(Boolean on) implements ClientMessage {
        public Share {
            if (on == null) {
                throw new IllegalArgumentException("share needs a boolean on");
            }
        }
    }

    /** A chat line for everyone in the room; plain text, checked against the length limit by the socket. */
    record Chat(String text) implements ClientMessage {
        public Chat {
            if (text == null) {
                throw new IllegalArgumentException("chat needs a text");
            }
        }
    }

    /** Starts or stops the room's recording: {@code action} is {@code start} or {@code stop}. */
    record Record(String action) implements ClientMessage {
        public Record {
            if (!"start".equals(action) && !"stop".equals(action)) {
                throw new IllegalArgumentException("record action must be start or stop");
            }
        }

        public boolean start() {
            return "start".equals(action);
        }
    }

    record Leave() implements ClientMessage {}

    record Ping() implements ClientMessage {}
}
