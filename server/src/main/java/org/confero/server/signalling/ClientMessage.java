package org.confero.server.signalling;

import java.util.Set;

/** Messages a browser sends; the JSON {@code type} field selects the record (see {@link MessageCodec}). */
public sealed interface ClientMessage {
    /** @param hostPin the room's host PIN, typed by a host who is not logged in; null when none */
    record Join(String room, String name, String pin, String hostPin) implements ClientMessage {}

    /**
     * A host's control of the meeting: {@code action} is one of {@link #ACTIONS}; {@code participantId} names the
     * participant for the actions that act on one.
     */
    record Host(String action, String participantId) implements ClientMessage {
        public static final Set<String> ACTIONS = Set.of("admit", "deny", "mute", "allow-unmute", "mute-all",
                "remove", "lock", "unlock", "end");
        private static final Set<String> ON_ONE = Set.of("admit", "deny", "mute", "allow-unmute", "remove");

        public Host {
            if (action == null || !ACTIONS.contains(action)) {
                throw new IllegalArgumentException("host action must be one of " + ACTIONS);
            }
            if (ON_ONE.contains(action) && (participantId == null || participantId.isEmpty()
                    || participantId.length() > 64)) {
                throw new IllegalArgumentException(action + " needs a participantId");
            }
        }
    }

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
