package org.confero.server.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SRTP cost per 172-byte RTP packet (12-byte header + 160 bytes, a 20 ms G.711-sized frame), one thread, for
 * both profiles in the same run. {@code protect} is the send path; {@code protectAndUnprotect} adds the receive
 * path (authentication, replay check and decryption of a fresh packet), so unprotect = difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBenchmark {
    private static final int PACKET = 172;

    @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    private SrtpTransformer sender;
    private SrtpTransformer receiver;
    private final PacketBuffer buffer = new PacketBuffer();
    private final byte[] template = new byte[PACKET];
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        byte[] material = new byte[p.keyingMaterialLength()];
        new SecureRandom().nextBytes(material);
        sender = new SrtpTransformer(SrtpKeys.fromKeyingMaterial(p, material.clone(), true));
        receiver = new SrtpTransformer(SrtpKeys.fromKeyingMaterial(p, material.clone(), false));
        template[0] = (byte) 0x80;
        template[1] = 111;
        template[8] = 0x12;
        template[11] = 0x34;
        for (int i = 12; i < PACKET; i++) {
            template[i] = (byte) i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sender.close();
        receiver.close();
    }

    private void nextPacket() {
        seq++;
        template[2] = (byte) (seq >>> 8);
        template[3] = (byte) seq;
        long ts = seq * 960L;
        template[4] = (byte) (ts >>> 24);
        template[5] = (byte) (ts >>> 16);
        template[6] = (byte) (ts >>> 8);
        template[7] = (byte) ts;
        buffer.load(template, 0, PACKET);
    }

    @Benchmark
    public int protect() {
        nextPacket();
        if (sender.protectRtp(buffer) != SrtpErrorStatus.OK) {
            throw new IllegalStateException("protect failed");
        }
        return buffer.getLength();
    }

    @Benchmark
    public int protectAndUnprotect() {
        nextPacket();
        if (sender.protectRtp(buffer) != SrtpErrorStatus.OK) {
            throw new IllegalStateException("protect failed");
        }
        SrtpErrorStatus status = receiver.unprotectRtp(buffer);
        if (status != SrtpErrorStatus.OK) {
            throw new IllegalStateException("unprotect failed: " + status);
        }
        return buffer.getLength();
    }
}
