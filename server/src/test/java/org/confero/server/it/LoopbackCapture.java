package org.confero.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tshark on loopback with a capture filter of our own ports, bounded in time, read back as raw segments and
 * datagrams (payload bytes with their ports) so tests judge the bytes themselves rather than tshark's decoding.
 */
final class LoopbackCapture implements AutoCloseable {
    private final Process tshark;
    private final Path file;
    private final Path log;

    /** One TCP segment or UDP datagram with a payload. */
    record Packet(boolean tcp, int sourcePort, int destinationPort, byte[] payload) {
        boolean touches(int port) {
            return sourcePort == port || destinationPort == port;
        }

        boolean touchesRange(int from, int to) {
            return (sourcePort >= from && sourcePort <= to) || (destinationPort >= from && destinationPort <= to);
        }
    }

    private LoopbackCapture(Process tshark, Path file, Path log) {
        this.tshark = tshark;
        this.file = file;
        this.log = log;
    }

    /** @param filter a pcap capture filter naming only the test's own ports */
    static LoopbackCapture start(String filter, Duration limit) throws IOException, InterruptedException {
        Path file = Files.createTempFile("confero-capture-", ".pcapng");
        Path log = Files.createTempFile("confero-capture-", ".log");
        Process tshark = new ProcessBuilder("tshark", "-i", "lo", "-f", filter, "-a", "duration:" + limit.toSeconds(),
                "-w", file.toString(), "-q").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !Files.readString(log).contains("Capturing on")) {
            if (!tshark.isAlive()) {
                throw new IllegalStateException("tshark ended: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new LoopbackCapture(tshark, file, log);
    }

    void stop() throws InterruptedException {
        tshark.destroy();
        if (!tshark.waitFor(10, TimeUnit.SECONDS)) {
            tshark.destroyForcibly();
        }
    }

    List<Packet> packets() throws IOException, InterruptedException {
        Process read = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator=/t",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.payload", "-e", "udp.srcport", "-e", "udp.dstport",
                "-e", "udp.payload").redirectErrorStream(false).start();
        List<String> lines = new String(read.getInputStream().readAllBytes()).lines().toList();
        if (!read.waitFor(60, TimeUnit.SECONDS)) {
            read.destroyForcibly();
        }
        List<Packet> packets = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length < 6) {
                continue;
            }
            if (!f[2].isEmpty()) {
                packets.add(new Packet(true, Integer.parseInt(f[0]), Integer.parseInt(f[1]), hex(f[2])));
            } else if (!f[5].isEmpty()) {
                packets.add(new Packet(false, Integer.parseInt(f[3]), Integer.parseInt(f[4]), hex(f[5])));
            }
        }
        return packets;
    }

    private static byte[] hex(String field) {
        return HexFormat.of().parseHex(field.replace(":", "").trim());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (tshark.isAlive()) {
            stop();
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(log);
    }
}
