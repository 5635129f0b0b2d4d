package org.confero.server.sip;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.confero.server.config.GuardConfig;
import org.confero.server.config.MediaConfig;
import org.confero.server.config.SipConfig;
import org.confero.server.config.UserConfig;
import org.confero.server.conference.LegView;
import org.confero.server.conference.MixerConferenceMedia;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.RoomDirectory;
import org.confero.server.peers.FreePorts;
import org.confero.server.rooms.Room;
import org.confero.server.sip.auth.DigestAlgorithm;
import org.confero.server.testing.MutableClock;

/** A real {@link SipServer} on 127.0.0.1 with a free port, the real mixer behind it and a movable clock. */
final class SipTestServer implements AutoCloseable {
    static final String DOMAIN = "confero.test";
    static final List<UserConfig> USERS = List.of(new UserConfig("alice", "wonderland"), new UserConfig("bob", "builder"));

    final Metrics metrics = new Metrics();
    final MixerConferenceMedia media;
    final MutableClock clock = MutableClock.followingRealTime();
    final SipServer server;
    final int port;
    final int rtpPortMin;
    /** 0 unless made {@link #withTls()} */
    final int tlsPort;
    /** The slowed media of {@link #withSlowJoins}, null otherwise. */
    final SlowJoinMedia slowJoins;

    SipTestServer(int rtpTimeoutSeconds, Duration answerDelay) throws IOException {
        this(rtpTimeoutSeconds, answerDelay, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    }

    SipTestServer(int rtpTimeoutSeconds, Duration answerDelay, List<DigestAlgorithm> digest) throws IOException {
        this(rtpTimeoutSeconds, answerDelay, digest, 200);
    }

    /** A server with only {@code rtpPorts} RTP/RTCP ports (from {@link #rtpPortMin}), to run out of them. */
    SipTestServer(int rtpPorts) throws IOException {
        this(30, Duration.ZERO, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), rtpPorts);
    }

    private SipTestServer(int rtpTimeoutSeconds, Duration answerDelay, List<DigestAlgorithm> digest, int rtpPorts)
            throws IOException {
        this(rtpTimeoutSeconds, answerDelay, digest, rtpPorts, GuardConfig.DEFAULTS);
    }

    /** A server with these guard settings (its clock stands still unless moved: rates never refill by themselves). */
    SipTestServer(GuardConfig guard) throws IOException {
        this(30, Duration.ZERO, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), 200, guard);
    }

    private SipTestServer(int rtpTimeoutSeconds, Duration answerDelay, List<DigestAlgorithm> digest, int rtpPorts,
            GuardConfig guard) throws IOException {
        this(rtpTimeoutSeconds, answerDelay, digest, rtpPorts, guard, Duration.ZERO, CallSetupPool.THREADS,
                CallSetupPool.QUEUE, false);
    }

    /** A server whose room joins take {@code joinDelay} ({@link SlowJoinMedia}). */
    static SipTestServer withSlowJoins(Duration joinDelay) throws IOException {
        return withSlowJoins(joinDelay, CallSetupPool.THREADS, CallSetupPool.QUEUE);
    }

    /** Slow joins on a call-setup pool of {@code threads} threads and {@code queue} waiting places. */
    static SipTestServer withSlowJoins(Duration joinDelay, int threads, int queue) throws IOException {
        return new SipTestServer(30, Duration.ZERO, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), 200,
                GuardConfig.DEFAULTS, joinDelay, threads, queue, false);
    }

    /** A room under meeting rules: a lobby, or a schedule (no PINs). */
    private static Room meetingRoom(String id, boolean lobby, Room.Occurrence occurrence) {
        return new Room(id, id, java.util.Optional.empty(), 50, false, java.util.Optional.empty(), lobby,
                java.util.Optional.ofNullable(occurrence), false, java.util.OptionalLong.empty());
    }

    /** A server that also listens for SIP over TLS on {@link #tlsPort} with a fresh self-signed certificate. */
    static SipTestServer withTls() throws IOException {
        return new SipTestServer(30, Duration.ZERO, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), 200,
                GuardConfig.DEFAULTS, Duration.ZERO, CallSetupPool.THREADS, CallSetupPool.QUEUE, true);
    }

    private SipTestServer(int rtpTimeoutSeconds, Duration answerDelay, List<DigestAlgorithm> digest, int rtpPorts,
            GuardConfig guard, Duration joinDelay, int setupThreads, int setupQueue, boolean tls) throws IOException {
        port = FreePorts.udpAndTcp();
        int rtp = FreePorts.rtpRangeStart(rtpPorts);
        rtpPortMin = rtp;
        tlsPort = tls ? FreePorts.tcp() : 0;
        SipConfig sip = new SipConfig(DOMAIN, port, 1800, 90, rtpTimeoutSeconds, 60, 3600).withGuard(guard)
                .withTlsPort(tlsPort);
        MediaConfig mediaConfig = new MediaConfig(rtp, rtp + rtpPorts - 1, 3, 5, 1);
        media = new MixerConferenceMedia(RoomDirectory.of(
                new Room("demo", "Demo", java.util.Optional.empty(), 50),
                new Room("pinned", "Pinned", java.util.Optional.of("1234"), 50),
                new Room("tiny", "Tiny", java.util.Optional.empty(), 1),
                new Room("smallpin", "Small, with a PIN", java.util.Optional.of("1234"), 2),
                new Room("secure", "Encrypted only", java.util.Optional.empty(), 50, true),
                meetingRoom("lobby", true, null),
                meetingRoom("later", false, new Room.Occurrence(clock.instant().plus(Duration.ofHours(3)),
                        clock.instant().plus(Duration.ofHours(4)))),
                meetingRoom("over", false, new Room.Occurrence(clock.instant().minus(Duration.ofHours(3)),
                        clock.instant().minus(Duration.ofHours(2))))), mediaConfig, metrics);
        SipServerOptions options = SipServerOptions.defaults().withClock(clock).withAnswerDelay(answerDelay)
                .withAuthLockout(3, Duration.ofMinutes(1)).withDigestAlgorithms(digest)
                .withCallSetupPool(setupThreads, setupQueue);
        slowJoins = joinDelay.isZero() ? null : new SlowJoinMedia(media, joinDelay);
        server = new SipServer(sip, "127.0.0.1", slowJoins == null ? media : slowJoins, USERS, mediaConfig, metrics,
                options);
        if (tls) {
            server.useTls(selfSignedKeystore());
        }
        server.start();
    }

    private static SipServer.TlsMaterial selfSignedKeystore() throws IOException {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("confero-sip-tls-");
            var keystore = org.confero.server.http.TlsKeystore.resolve(new org.confero.server.config.HttpConfig(0, 0,
                    java.util.Optional.empty(), ""), dir, "127.0.0.1");
            return new SipServer.TlsMaterial(keystore.path(), keystore.password());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    SipTestServer() throws IOException {
        this(30, Duration.ZERO);
    }

    long counter(String name) {
        return metrics.counterValue(name);
    }

    /** The one call's leg as the mixer sees it now. */
    LegView onlyLeg() {
        java.util.List<LegView> legs = media.legs();
        if (legs.size() != 1) {
            throw new AssertionError("expected one leg, found " + legs);
        }
        return legs.get(0);
    }

    @Override
    public void close() {
        server.close();
        media.close();
    }
}
