package org.confero.server.signalling;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the WebRTC gateway: rooms {@code demo} (open), {@code secret} (PIN 1234) and {@code full}; answers
 * an offer containing Opus, refuses SDP without {@code v=0} and offers without Opus. Records what it was told.
 */
public final class FakeBrowserCalls implements BrowserCalls {
    public final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public final class Call implements BrowserCall {
        public final String id;
        public final String room;
        public final String name;
        public final SignallingPeer peer;
        public final List<String> remoteCandidates = new CopyOnWriteArrayList<>();
        public volatile boolean endOfCandidates;
        public volatile String muted = "none";
        volatile boolean audioMuted;
        volatile boolean videoMuted;
        public volatile boolean closed;
        public volatile String lastOffer;
        public final List<String> offers = new CopyOnWriteArrayList<>();
        public volatile String layout = "none";
        public final List<Boolean> sharing = new CopyOnWriteArrayList<>();

        Call(String id, String room, String name, SignallingPeer peer) {
            this.id = id;
            this.room = room;
            this.name = name;
            this.peer = peer;
        }

        @Override
        public String participantId() {
            return id;
        }

        @Override
        public List<RosterEntry> roster() {
            return calls.values().stream().filter(c -> c.room.equals(room) && !c.closed)
                    .map(c -> new RosterEntry(c.id, c.name, RosterEntry.Kind.BROWSER, c.audioMuted, c.videoMuted, false))
                    .toList();
        }

        @Override
        public String answer(String offerSdp) throws CallRejectedException {
            lastOffer = offerSdp;
            offers.add(offerSdp);
            if (!offerSdp.startsWith("v=0")) {
                throw new CallRejectedException(ErrorCode.BAD_SDP, "not an SDP offer");
            }
            if (!offerSdp.toLowerCase().contains("opus/48000")) {
                throw new CallRejectedException(ErrorCode.NO_COMMON_CODEC, "Opus is required");
            }
            peer.sendCandidate("candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host", "0", 0);
            peer.sendCandidate("", "0", 0);
            return BrowserAnswers.answerFor(offerSdp);
        }

        @Override
        public void addRemoteCandidate(String candidate, String sdpMid, int mLineIndex) {
            remoteCandidates.add(candidate + "|" + sdpMid + "|" + mLineIndex);
        }

        @Override
        public void endOfCandidates() {
            endOfCandidates = true;
        }

        @Override
        public void setMuted(boolean audio, boolean video) {
            muted = "audio=" + audio + ",video=" + video;
            audioMuted = audio;
            videoMuted = video;
            broadcastRoster();
        }

        /** Like the room: the layout applies to everyone in it and is announced to all of them. */
        @Override
        public void setLayout(String name) {
            layout = name;
            for (Call c : calls.values()) {
                if (c.room.equals(room) && !c.closed) {
                    c.peer.sendLayout(name);
                }
            }
        }

        @Override
        public void setSharing(boolean on) {
            sharing.add(on);
        }

        @Override
        public void close() {
            closed = true;
            broadcastRoster();
        }

        private void broadcastRoster() {
            for (Call c : calls.values()) {
                if (c.room.equals(room) && !c.closed) {
                    c.peer.sendRoster(roster());
                }
            }
        }
    }

    @Override
    public BrowserCall join(String roomId, String displayName, Optional<String> pin, SignallingPeer peer)
            throws CallRejectedException {
        switch (roomId) {
            case "demo":
                break;
            case "secret":
                if (!pin.equals(Optional.of("1234"))) {
                    throw new CallRejectedException(ErrorCode.WRONG_PIN, "wrong PIN");
                }
                break;
            case "broken":
                throw new IllegalStateException("media side bug");
            case "full":
                throw new CallRejectedException(ErrorCode.ROOM_FULL, "room is full");
            default:
                throw new CallRejectedException(ErrorCode.ROOM_NOT_FOUND, "no such room");
        }
        Call call = new Call("p" + ids.incrementAndGet(), roomId, displayName, peer);
        calls.put(call.id, call);
        // Sent during join on purpose: the socket must deliver it after "joined".
        call.broadcastRoster();
        return call;
    }
}
