package org.confero.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * tshark on loopback, bounded in time, printing every UDP datagram of one port as it sees it; read back as the
 * text of each datagram. {@link #datagrams()} first sends a CRLF keep-alive to the port from a socket of its own
 * and waits for tshark to show it: everything sent before is then in the list (no guessing how long to wait).
 */
final class SipWireCapture implements AutoCloseable {
    private static final Duration MARKER_WAIT = Duration.ofSeconds(10);

    /** One datagram: ports and the payload as text (ISO-8859-1, so binary RTP stays one char per byte). */
    record Datagram(int sourcePort, int destinationPort, String text) {
        boolean isSip() {
            return text.startsWith("SIP/2.0") || text.matches("(?s)^[A-Z]+ [^ ]+ SIP/2\\.0\r\n.*");
        }

        boolean isKeepAlive() {
            return text.isBlank();
        }

        String firstLine() {
            int end = text.indexOf("\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private final Process tshark;
    private final int port;
    private final List<Datagram> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private SipWireCapture(Process tshark, int port) {
        this.tshark = tshark;
        this.port = port;
        this.reader = new Thread(this::read, "sip-wire-capture");
        reader.setDaemon(true);
        reader.start();
    }

    static SipWireCapture start(int udpPort, Duration limit) throws IOException, InterruptedException {
        Path log = Files.createTempFile("confero-sip-capture-", ".log");
        Process tshark = new ProcessBuilder("tshark", "-i", "lo", "-l", "-f", "udp port " + udpPort, "-a",
                "duration:" + limit.toSeconds(), "-T", "fields", "-E", "separator=;", "-e", "udp.srcport", "-e",
                "udp.dstport", "-e", "udp.payload").redirectError(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !Files.readString(log).contains("Capturing on")) {
            if (!tshark.isAlive()) {
                throw new IllegalStateException("tshark ended: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        Files.deleteIfExists(log);
        return new SipWireCapture(tshark, udpPort);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(tshark.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null;) {
                String[] f = line.split(";", -1);
                if (f.length == 3 && !f[2].isEmpty()) {
                    seen.add(new Datagram(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                            new String(HexFormat.of().parseHex(f[2].replace(":", "")), StandardCharsets.ISO_8859_1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // tshark ended: what was read stays
        }
    }

    /** Waits (bounded) until a datagram matching {@code wanted} was captured; false when none came in time. */
    boolean await(java.util.function.Predicate<Datagram> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.stream().noneMatch(wanted)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Everything captured so far, in order, without the capture's own marker; the capture then stops. */
    List<Datagram> datagrams() throws IOException, InterruptedException {
        try (DatagramSocket marker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] crlf = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            marker.send(new DatagramPacket(crlf, crlf.length, InetAddress.getLoopbackAddress(), port));
            long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
            while (seen.stream().noneMatch(d -> d.sourcePort() == marker.getLocalPort())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("tshark did not show the capture's marker within " + MARKER_WAIT);
                }
                Thread.sleep(20);
            }
            stop();
            return seen.stream().filter(d -> d.sourcePort() != marker.getLocalPort()).toList();
        }
    }

    private void stop() throws InterruptedException {
        tshark.destroy();
        if (!tshark.waitFor(10, TimeUnit.SECONDS)) {
            tshark.destroyForcibly();
        }
        reader.join(5_000);
    }

    @Override
    public void close() throws InterruptedException {
        if (tshark.isAlive()) {
            stop();
        }
    }
}
