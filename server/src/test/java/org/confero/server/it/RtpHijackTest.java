package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;

/**
 * An attacker sprays well-formed RTP carrying its own tone at the whole media port range, before the phones dial
 * and all through their call: the server takes media only from the address and port each phone's SDP names, so
 * the attacker receives nothing, nobody hears its tone, and the phones hear each other.
 */
class RtpHijackTest {
    private static final int PORTS = 12;
    private static final int ATTACK_TONE = 1300;

    @Test
    void anAttackerSprayingRtpAtTheMediaPortsNeitherHearsNorIsHeard() throws Exception {
        int base = FreePorts.udpAndTcp() & ~1;
        if (base + PORTS > 65_535) {
            base -= 2 * PORTS;
        }
        AtomicBoolean spraying = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_MEDIA_RTP_PORT_MIN", Integer.toString(base),
                "CONFERO_MEDIA_RTP_PORT_MAX", Integer.toString(base + PORTS - 1)));
             BaresipPhones phones = new BaresipPhones();
             DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int first = base;
            Thread sprayer = new Thread(() -> spray(attacker, first, spraying, sent), "attacker-spray");
            Thread listener = new Thread(() -> listen(attacker, spraying, received), "attacker-listen");
            sprayer.start();
            listener.start();
            Thread.sleep(1000); // the attacker is at work before any phone dials

            BaresipPhone a = phones.add(BaresipPhone.builder("hijack-a").tone(500).codecs(PhoneCodec.PCMU));
            BaresipPhone b = phones.add(BaresipPhone.builder("hijack-b").tone(900).codecs(PhoneCodec.PCMU));
            for (BaresipPhone p : phones.all()) {
                p.dial(server.roomUri("demo"));
                p.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            }
            Thread.sleep(4000);
            for (BaresipPhone p : phones.all()) {
                p.hangup();
                p.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
            spraying.set(false);
            sprayer.join(2000);
            listener.join(2000);

            Metrics metrics = server.server().metrics();
            long refused = metrics.counterValue("sip_rtp_source_refused_total");
            System.out.printf("hijack: attacker sent %d RTP packets, received %d; server refused %d by source%n",
                    sent.get(), received.get(), refused);
            assertThat(received.get()).as("the attacker receives no media").isZero();
            assertThat(refused).as("the attacker's packets were refused and counted").isGreaterThan(0);
            for (BaresipPhone p : phones.all()) {
                double[] heard = ToneAnalysis.steadyPart(Wav.read(p.recordingOfWhatItHeard()), Duration.ofMillis(1000),
                        Duration.ofMillis(300));
                assertThat(ToneAnalysis.levelDbfs(heard, 8000, ATTACK_TONE)).as("%s hears the attacker", p.name())
                        .isLessThan(-50);
            }
            assertThat(ToneAnalysis.levelDbfs(heardBy(a), 8000, 900)).as("A hears B").isGreaterThan(-20);
            assertThat(ToneAnalysis.levelDbfs(heardBy(b), 8000, 500)).as("B hears A").isGreaterThan(-20);
        } finally {
            spraying.set(false);
        }
    }

    private static double[] heardBy(BaresipPhone p) {
        return ToneAnalysis.steadyPart(Wav.read(p.recordingOfWhatItHeard()), Duration.ofMillis(1500),
                Duration.ofMillis(300));
    }

    /** 20 ms of the attack tone to every port of the range, every 20 ms, each port its own stream; bounded. */
    private static void spray(DatagramSocket socket, int base, AtomicBoolean on, AtomicInteger sent) {
        byte[] packet = new byte[12 + 160];
        int seq = 0;
        long ts = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        try {
            while (on.get() && System.nanoTime() < deadline) {
                for (int i = 0; i < 160; i++) {
                    double s = 0.5 * Math.sin(2 * Math.PI * ATTACK_TONE * (ts + i) / 8000.0);
                    packet[12 + i] = linearToUlaw((int) (s * 32767));
                }
                for (int port = base; port < base + PORTS; port++) {
                    packet[0] = (byte) 0x80;
                    packet[1] = 0; // PCMU
                    packet[2] = (byte) (seq >> 8);
                    packet[3] = (byte) seq;
                    packet[4] = (byte) (ts >> 24);
                    packet[5] = (byte) (ts >> 16);
                    packet[6] = (byte) (ts >> 8);
                    packet[7] = (byte) ts;
                    packet[8] = 0x13;
                    packet[9] = 0x37;
                    packet[10] = (byte) (port >> 8);
                    packet[11] = (byte) port;
                    socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
                    sent.incrementAndGet();
                }
                seq = (seq + 1) & 0xFFFF;
                ts += 160;
                Thread.sleep(20);
            }
        } catch (Exception e) {
            // the socket closes at the end of the test
        }
    }

    private static void listen(DatagramSocket socket, AtomicBoolean on, AtomicInteger received) {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.setSoTimeout(200);
            while (on.get()) {
                try {
                    socket.receive(p);
                    received.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening until the spray ends
                }
            }
        } catch (Exception e) {
            // closed
        }
    }

    /** G.711 µ-law (ITU-T G.711 §A, the usual bias-and-segment encoder). */
    private static byte linearToUlaw(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), 32_635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
