package org.confero.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tshark capturing one UDP port on loopback (a capture filter on our own port, bounded in time), then a
 * classification of every datagram by its first byte (RFC 7983): STUN, DTLS, or RTP/RTCP.
 *
 * <p>Whether RTP is encrypted is told by its payload: a plain audio stream starts nearly every payload with the same
 * Opus TOC byte (one codec configuration), while SRTP payloads start with uniformly random bytes.
 */
final class PacketCapture implements AutoCloseable {
    private final Process tshark;
    private final Path file;

    private PacketCapture(Process tshark, Path file) {
        this.tshark = tshark;
        this.file = file;
    }

    record Summary(int stun, int dtlsHandshakes, int dtlsOther, int srtpPackets, int plainRtpPackets, int other) {}

    static PacketCapture start(int udpPort, Duration limit) throws IOException, InterruptedException {
        Path file = Files.createTempFile("confero-capture-", ".pcapng");
        Path log = Files.createTempFile("confero-capture-", ".log");
        Process tshark = new ProcessBuilder("tshark", "-i", "lo", "-f", "udp port " + udpPort, "-a",
                "duration:" + limit.toSeconds(), "-w", file.toString(), "-q")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // tshark says "Capturing on 'Loopback: lo'" once the capture runs; wait for it (bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !Files.readString(log).contains("Capturing on")) {
            if (!tshark.isAlive()) {
                throw new IllegalStateException("tshark ended: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new PacketCapture(tshark, file);
    }

    /** Ends the capture (tshark finishes its file on SIGTERM). */
    void stop() throws InterruptedException {
        tshark.destroy();
        if (!tshark.waitFor(10, TimeUnit.SECONDS)) {
            tshark.destroyForcibly();
        }
    }

    Summary summary() throws IOException, InterruptedException {
        Process read = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e", "udp.payload")
                .redirectErrorStream(false).start();
        List<String> lines = new String(read.getInputStream().readAllBytes()).lines().toList();
        read.waitFor(30, TimeUnit.SECONDS);
        int stun = 0;
        int handshakes = 0;
        int dtlsOther = 0;
        int other = 0;
        Map<Long, int[]> firstPayloadBytes = new HashMap<>(); // per SSRC: count of each first payload byte
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            byte[] p = HexFormat.of().parseHex(line.trim());
            int b0 = p[0] & 0xff;
            if (b0 <= 3) {
                stun++;
            } else if (b0 >= 20 && b0 <= 63) {
                if (b0 == 22 && p.length > 13 && (p[13] == 1 || p[13] == 2)) {
                    handshakes++; // ClientHello or ServerHello (RFC 6347 §4.2.2)
                } else {
                    dtlsOther++;
                }
            } else if (b0 >= 128 && b0 <= 191 && p.length >= 12) {
                int pt = p[1] & 0x7f;
                if (pt >= 64 && pt <= 95) {
                    continue; // RTCP
                }
                int offset = 12 + 4 * (b0 & 0x0f);
                if ((b0 & 0x10) != 0 && p.length >= offset + 4) {
                    offset += 4 + 4 * (((p[offset + 2] & 0xff) << 8) | (p[offset + 3] & 0xff));
                }
                if (offset < p.length) {
                    long ssrc = ((p[8] & 0xffL) << 24) | ((p[9] & 0xffL) << 16) | ((p[10] & 0xffL) << 8) | (p[11] & 0xffL);
                    firstPayloadBytes.computeIfAbsent(ssrc, s -> new int[256])[p[offset] & 0xff]++;
                }
            } else {
                other++;
            }
        }
        int srtp = 0;
        int plain = 0;
        for (int[] histogram : firstPayloadBytes.values()) {
            int total = 0;
            int most = 0;
            for (int n : histogram) {
                total += n;
                most = Math.max(most, n);
            }
            if (total >= 50 && most * 2 > total) {
                plain += total;
            } else {
                srtp += total;
            }
        }
        return new Summary(stun, handshakes, dtlsOther, srtp, plain, other);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (tshark.isAlive()) {
            stop();
        }
        Files.deleteIfExists(file);
    }
}
