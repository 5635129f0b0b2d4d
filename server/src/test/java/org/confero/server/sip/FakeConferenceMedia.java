package org.confero.server.sip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.confero.server.conference.AudioLeg;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RoomListener;
import org.confero.server.conference.RosterMember;
import org.confero.server.conference.LegStats;
import org.confero.server.conference.NegotiatedAudio;
import org.confero.server.conference.PacketSender;
import org.confero.server.conference.RoomFullException;
import org.confero.server.rooms.Room;

/**
 * A stand-in for the mixer: legs count the RTP they receive and answer each of the first few packets with one
 * RTP packet of their own, through the leg's real {@link PacketSender}.
 */
final class FakeConferenceMedia implements ConferenceMedia {
    static final int ECHO_PACKETS = 5;

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    final Map<String, FakeLeg> legs = new ConcurrentHashMap<>();
    final Map<String, String> names = new ConcurrentHashMap<>();
    final AtomicLong rtpReceived = new AtomicLong();
    final AtomicLong rtpSent = new AtomicLong();
    final AtomicLong rtcpReceived = new AtomicLong();

    FakeConferenceMedia room(Room room) {
        rooms.put(room.id(), room);
        return this;
    }

    @Override
    public Optional<Room> findRoom(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    @Override
    public int participantCount(String roomId) {
        return (int) legs.values().stream().filter(l -> l.roomId.equals(roomId)).count();
    }

    @Override
    public synchronized AudioLeg joinAudio(LegRequest request, PacketSender sender, LegListener listener)
            throws RoomFullException {
        String roomId = request.roomId();
        String participantId = request.participantId();
        NegotiatedAudio audio = request.audio();
        names.put(participantId, request.displayName());
        Room room = rooms.get(roomId);
        if (room == null) {
            throw new IllegalArgumentException("no room " + roomId);
        }
        if (participantCount(roomId) >= room.maxParticipants()) {
            throw new RoomFullException(roomId, room.maxParticipants());
        }
        FakeLeg leg = new FakeLeg(roomId, participantId, audio, sender, listener);
        leg.admitted = request.admitted();
        legs.put(participantId, leg);
        return leg;
    }

    @Override
    public int openLegCount() {
        return legs.size();
    }

    @Override
    public java.util.List<RosterMember> roster(String roomId) {
        return legs.values().stream().filter(l -> l.roomId.equals(roomId))
                .map(l -> new RosterMember(l.participantId, names.get(l.participantId), ParticipantKind.SIP, false, false))
                .toList();
    }

    @Override
    public Subscription watch(String roomId, RoomListener listener) {
        return () -> { };
    }

    final class FakeLeg implements AudioLeg {
        final String roomId;
        final String participantId;
        final NegotiatedAudio audio;
        final PacketSender sender;
        final LegListener listener;
        final AtomicLong received = new AtomicLong();
        volatile boolean send = true;
        volatile boolean receive = true;
        private final byte[] out = new byte[12 + 160];
        private volatile long lastReceive = System.nanoTime();
        private int sequence;

        FakeLeg(String roomId, String participantId, NegotiatedAudio audio, PacketSender sender, LegListener listener) {
            this.roomId = roomId;
            this.participantId = participantId;
            this.audio = audio;
            this.sender = sender;
            this.listener = listener;
        }

        @Override
        public String roomId() {
            return roomId;
        }

        @Override
        public String participantId() {
            return participantId;
        }

        @Override
        public void receiveRtp(byte[] packet, int offset, int length, long arrivalNanos) {
            received.incrementAndGet();
            rtpReceived.incrementAndGet();
            lastReceive = arrivalNanos;
            if (send && sequence < ECHO_PACKETS) {
                out[0] = (byte) 0x80;
                out[1] = (byte) audio.payloadType();
                out[3] = (byte) ++sequence;
                out[11] = 0x42; // SSRC
                sender.sendRtp(out, 0, out.length);
                rtpSent.incrementAndGet();
            }
        }

        @Override
        public void receiveRtcp(byte[] packet, int offset, int length, long arrivalNanos) {
            rtcpReceived.incrementAndGet();
        }

        @Override
        public void setDirection(boolean send, boolean receive) {
            this.send = send;
            this.receive = receive;
        }

        volatile boolean admitted = true;

        @Override
        public void admit() {
            admitted = true;
        }

        @Override
        public boolean admitted() {
            return admitted;
        }

        @Override
        public void setMuted(boolean muted) {
            this.receive = !muted;
        }

        @Override
        public long lastReceiveNanos() {
            return lastReceive;
        }

        @Override
        public LegStats stats() {
            return new LegStats(received.get(), 0, 0, 0, sequence, sequence * 172L, 0);
        }

        @Override
        public void close() {
            legs.remove(participantId, this);
        }
    }
}
