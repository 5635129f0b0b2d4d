package org.confero.server.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.server.config.MediaConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.rooms.Room;
import org.confero.server.rooms.RoomDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The conference media with the real mixer and FFmpeg codecs, fed RTP as a transport would feed it. */
class MixerConferenceMediaTest {
    private static final int OPUS_PT = 111;
    private final Metrics metrics = new Metrics();
    private final MixerConferenceMedia media = new MixerConferenceMedia(
            RoomDirectory.of(new Room("team", "Team", Optional.empty(), 3)),
            new MediaConfig(20_000, 20_100, 3, 5, 1), metrics);

    @AfterEach
    void close() {
        media.close();
    }

    @Test
    void threeParticipantsHearTheOtherTwoButNotThemselves() throws Exception {
        int contextsBefore = NativeCodecs.openContexts();
        double[] tones = {400, 700, 1100};
        AudioCodec[] codecs = {AudioCodec.PCMU, AudioCodec.OPUS, AudioCodec.G722};
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(new Peer("p" + i, codecs[i], tones[i]));
        }
        long start = System.nanoTime();
        for (int tick = 0; tick < 150; tick++) { // 3 s of audio in real time: the mixer runs on its own clock
            for (Peer p : peers) {
                p.sendFrame();
            }
            pace(start, tick + 1);
        }
        assertThat(media.openLegCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            double[] heard = peers.get(i).heard();
            assertThat(heard.length).as("samples heard by p%d", i).isGreaterThan(48_000);
            // The middle of the call: the start fills the jitter buffers, the end is silence after the peers stopped.
            double[] steady = java.util.Arrays.copyOfRange(heard, heard.length / 4, heard.length * 3 / 4);
            double own = ToneAnalysis.levelDbfs(steady, 48_000, tones[i]);
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    double other = ToneAnalysis.levelDbfs(steady, 48_000, tones[j]);
                    assertThat(other).as("p%d hears p%d's %s Hz; over time: %s", i, j, tones[j],
                            levelsOverTime(heard, tones[j])).isGreaterThan(-30);
                    assertThat(own).as("p%d's own tone is 30 dB under p%d's", i, j).isLessThan(other - 30);
                }
            }
        }
        for (Peer p : peers) {
            p.close();
        }
        assertThat(media.openLegCount()).isZero();
        assertThat(media.activeRoomCount()).isZero();
        assertThat(NativeCodecs.openContexts()).isEqualTo(contextsBefore);
    }

    @Test
    void garbageAndForeignStreamsAreCountedAndTheRoomKeepsMixing() throws Exception {
        Peer a = new Peer("a", AudioCodec.PCMU, 500);
        Peer b = new Peer("b", AudioCodec.PCMU, 900);
        java.util.Random random = new java.util.Random(7);
        byte[] junk = new byte[200];
        long start = System.nanoTime();
        for (int tick = 0; tick < 100; tick++) {
            a.sendFrame();
            b.sendFrame();
            random.nextBytes(junk);
            a.leg.receiveRtp(MediaKind.AUDIO, junk, 0, random.nextInt(junk.length), System.nanoTime());
            a.leg.receiveRtcp(MediaKind.AUDIO, junk, 0, random.nextInt(junk.length), System.nanoTime());
            a.sendForeign();
            pace(start, tick + 1);
        }
        assertThat(metrics.counterValue("confero_rtp_dropped_malformed_total")
                + metrics.counterValue("confero_rtp_dropped_payload_type_total")).isGreaterThan(0);
        assertThat(metrics.counterValue("confero_rtp_dropped_foreign_ssrc_total")).isGreaterThanOrEqualTo(90);
        assertThat(metrics.counterValue("confero_rtcp_dropped_malformed_total")).isGreaterThan(50);
        double[] heard = b.heard();
        double[] steady = java.util.Arrays.copyOfRange(heard, heard.length / 4, heard.length * 3 / 4);
        assertThat(ToneAnalysis.levelDbfs(steady, 48_000, 500)).as("b still hears a").isGreaterThan(-30);
        a.close();
        b.close();
    }

    @Test
    void aFullRoomRefusesTheNextParticipant() throws Exception {
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(new Peer("f" + i, AudioCodec.PCMU, 300 + i * 100));
        }
        assertThatThrownBy(() -> new Peer("f3", AudioCodec.PCMU, 800)).isInstanceOf(RoomFullException.class);
        assertThat(metrics.counterValue("confero_room_full_total")).isEqualTo(1);
        for (Peer p : peers) {
            p.close();
        }
    }

    @Test
    void anAnsweredLegWaitingForItsAckKeepsItsSeatButIsNeitherMixedNorSentToUntilConfirmed() throws Exception {
        int contextsBefore = NativeCodecs.openContexts();
        Peer talker = new Peer("t", AudioCodec.PCMU, 600);
        Peer waiting = new Peer("w", AudioCodec.OPUS, 900, false);
        assertThat(media.seatedCount("team")).as("its seat is kept").isEqualTo(2);
        long start = System.nanoTime();
        for (int tick = 0; tick < 50; tick++) {
            talker.sendFrame();
            waiting.sendFrame();
            pace(start, tick + 1);
        }
        assertThat(waiting.received).as("nothing is sent to an unconfirmed leg").isEmpty();
        double[] before = talker.heard();
        assertThat(before.length == 0 || ToneAnalysis.levelDbfs(before, 48_000, 900) < -50)
                .as("the unconfirmed leg's voice is not mixed").isTrue();

        int contexts = NativeCodecs.openContexts();
        waiting.leg.confirm(); // its ACK
        assertThat(NativeCodecs.openContexts() - contexts).as("its encoder (and the room's Opus one) open only now")
                .isEqualTo(2);
        talker.received.clear();
        start = System.nanoTime();
        for (int tick = 0; tick < 100; tick++) {
            talker.sendFrame();
            waiting.sendFrame();
            pace(start, tick + 1);
        }
        double[] heardByWaiting = waiting.heard();
        double[] heardByTalker = talker.heard();
        assertThat(ToneAnalysis.levelDbfs(java.util.Arrays.copyOfRange(heardByWaiting, heardByWaiting.length / 2,
                heardByWaiting.length), 48_000, 600)).as("confirmed, it hears the room").isGreaterThan(-30);
        assertThat(ToneAnalysis.levelDbfs(java.util.Arrays.copyOfRange(heardByTalker, heardByTalker.length / 2,
                heardByTalker.length), 48_000, 900)).as("and the room hears it").isGreaterThan(-30);

        Peer abandoned = new Peer("x", AudioCodec.OPUS, 700, false);
        abandoned.close(); // its ACK never came: the transaction's timeout ends it
        waiting.close();
        talker.close();
        assertThat(media.openLegCount()).isZero();
        assertThat(NativeCodecs.openContexts()).as("nothing left open").isEqualTo(contextsBefore);
    }

    @Test
    void theUnconfirmedCountFollowsAcksAndHangUpsExactlyOnceEvenWhenTheyRace() throws Exception {
        Peer confirmedAtOnce = new Peer("c", AudioCodec.PCMU, 500);
        Peer acked = new Peer("a", AudioCodec.PCMU, 600, false);
        Peer gaveUp = new Peer("g", AudioCodec.PCMU, 700, false);
        assertThat(media.unconfirmedLegCount()).isEqualTo(2);
        assertThat(metrics.render()).contains("confero_audio_legs_unconfirmed 2");
        acked.leg.confirm();
        acked.leg.confirm(); // a retransmitted ACK
        assertThat(media.unconfirmedLegCount()).isEqualTo(1);
        gaveUp.close(); // the INVITE transaction's timeout
        gaveUp.leg.confirm(); // an ACK after the end changes nothing
        acked.close();
        confirmedAtOnce.close();
        assertThat(media.unconfirmedLegCount()).isZero();

        // An ACK and a BYE (or the transaction's timeout) on two threads at once: counted down once.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 200; i++) {
                Peer racing = new Peer("r" + i, AudioCodec.PCMU, 800, false);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Future<?> ack = pool.submit(() -> {
                    go.await();
                    racing.leg.confirm();
                    return null;
                });
                java.util.concurrent.Future<?> bye = pool.submit(() -> {
                    go.await();
                    racing.close();
                    return null;
                });
                go.countDown();
                ack.get(5, java.util.concurrent.TimeUnit.SECONDS);
                bye.get(5, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(media.unconfirmedLegCount()).as("after race %d", i).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(media.openLegCount()).isZero();
    }

    /** Sleeps until frame {@code frames} is due, as an RTP sender paced by its media clock does. */
    private static void pace(long startNanos, int frames) throws InterruptedException {
        long due = startNanos + frames * 20_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static String levelsOverTime(double[] heard, double tone) {
        StringBuilder out = new StringBuilder();
        for (int from = 0; from + 9600 <= heard.length; from += 9600) {
            out.append(Math.round(ToneAnalysis.levelDbfs(heard, 48_000, tone, from, 9600))).append(' ');
        }
        return out.toString();
    }

    /** A participant: encodes its tone into RTP and decodes what the room sends it. */
    private final class Peer implements PacketSender {
        final Leg leg;
        final AudioCodec codec;
        final AudioEncoder encoder;
        final AudioDecoder decoder;
        final double tone;
        final ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
        final AtomicInteger rtcp = new AtomicInteger();
        final short[] frame = new short[AudioCodec.MIX_FRAME_SAMPLES];
        final byte[] packet = new byte[1500];
        final byte[] foreign = new byte[1500];
        int seq;
        long timestamp;
        long phase;

        Peer(String id, AudioCodec codec, double tone) throws RoomFullException {
            this(id, codec, tone, true);
        }

        /** @param confirmed false: answered, its ACK not yet in */
        Peer(String id, AudioCodec codec, double tone, boolean confirmed) throws RoomFullException {
            this.codec = codec;
            this.tone = tone;
            int pt = codec == AudioCodec.OPUS ? OPUS_PT : codec.staticPayloadType();
            this.leg = media.join(new LegRequest("team", id, "Peer " + id, ParticipantKind.SIP,
                    new NegotiatedAudio(codec, pt, 101, 20), Optional.empty(), LocalStreams.random(), true,
                    confirmed), this, LegListener.NONE);
            this.encoder = CodecFactory.encoder(codec);
            this.decoder = CodecFactory.decoder(codec);
        }

        void sendFrame() {
            for (int i = 0; i < frame.length; i++, phase++) {
                frame[i] = (short) (8000 * Math.sin(2 * Math.PI * tone * phase / 48_000));
            }
            int pt = codec == AudioCodec.OPUS ? OPUS_PT : codec.staticPayloadType();
            int header = RtpPacket.writeHeader(packet, 0, pt, false, seq++, timestamp, 0x1234_0000L + (long) tone);
            int n = encoder.encode(frame, 0, packet, header);
            timestamp += codec.timestampsPerFrame();
            leg.receiveRtp(MediaKind.AUDIO, packet, 0, header + n, System.nanoTime());
        }

        void sendForeign() {
            int header = RtpPacket.writeHeader(foreign, 0, 0, false, seq, timestamp, 0xdead_beefL);
            leg.receiveRtp(MediaKind.AUDIO, foreign, 0, header + 160, System.nanoTime());
        }

        @Override
        public void sendRtp(byte[] p, int offset, int length) {
            received.add(java.util.Arrays.copyOfRange(p, offset, offset + length));
        }

        @Override
        public void sendRtcp(byte[] p, int offset, int length) {
            rtcp.incrementAndGet();
        }

        double[] heard() {
            RtpPacket view = new RtpPacket();
            short[] pcm = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
            List<Double> samples = new ArrayList<>();
            for (byte[] p : received) {
                assertThat(view.wrap(p, 0, p.length)).isTrue();
                int n = decoder.decode(p, view.payloadOffset(), view.payloadLength(), pcm, 0);
                for (int i = 0; i < n; i++) {
                    samples.add(pcm[i] / 32768.0);
                }
            }
            return samples.stream().mapToDouble(Double::doubleValue).toArray();
        }

        void close() {
            leg.close();
            encoder.close();
            decoder.close();
        }
    }
}
