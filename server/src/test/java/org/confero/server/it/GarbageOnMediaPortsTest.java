package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;

/**
 * While two phones talk, a stranger floods the server's RTP/RTCP ports with garbage, RTP of other SSRCs and payload
 * types, and RTCP that does not parse: all of it is dropped and counted, and the room keeps mixing.
 */
class GarbageOnMediaPortsTest {
    private static final int PORTS = 10;

    @Test
    void garbageIsDroppedAndCountedWhileTheRoomKeepsMixing() throws Exception {
        int base = FreePorts.udpAndTcp() & ~1;
        if (base + PORTS > 65_535) {
            base -= 2 * PORTS;
        }
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_MEDIA_RTP_PORT_MIN", Integer.toString(base),
                "CONFERO_MEDIA_RTP_PORT_MAX", Integer.toString(base + PORTS - 1)));
             BaresipPhones phones = new BaresipPhones();
             DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            BaresipPhone a = phones.add(BaresipPhone.builder("flood-a").tone(500).codecs(PhoneCodec.PCMU));
            BaresipPhone b = phones.add(BaresipPhone.builder("flood-b").tone(900).codecs(PhoneCodec.PCMU));
            for (BaresipPhone p : phones.all()) {
                p.dial(server.roomUri("demo"));
                p.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            }
            Thread.sleep(1000); // both streams flowing: the server has latched onto the phones' addresses

            Random random = new Random(4733);
            byte[] buf = new byte[400];
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int sent = 0;
            while (System.nanoTime() < until && sent < 20_000) {
                int len = 1 + random.nextInt(buf.length - 1);
                random.nextBytes(buf);
                switch (sent % 4) {
                    case 0 -> buf[0] = (byte) 0x80; // RTP header, random SSRC and payload type
                    case 1 -> { buf[0] = (byte) 0x80; buf[1] = 0; } // PCMU from a foreign SSRC
                    case 2 -> { buf[0] = (byte) 0x81; buf[1] = (byte) 201; } // RTCP RR with a broken length
                    default -> { } // anything
                }
                for (int port = base; port < base + PORTS; port++) {
                    stranger.send(new DatagramPacket(buf, len, InetAddress.getLoopbackAddress(), port));
                    sent++;
                }
                Thread.sleep(1);
            }
            Thread.sleep(1000);
            for (BaresipPhone p : phones.all()) {
                p.hangup();
                p.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
            assertThat(hears(a, 900)).as("phone A still hears B through the flood").isGreaterThan(-20);
            assertThat(hears(b, 500)).as("phone B still hears A through the flood").isGreaterThan(-20);

            Metrics metrics = server.server().metrics();
            long dropped = metrics.counterValue("sip_rtp_packets_dropped_total")
                    + metrics.counterValue("confero_rtcp_dropped_malformed_total");
            System.out.printf("flood: %d datagrams sent, %d dropped and counted%n", sent, dropped);
            assertThat(dropped).as("the flood was dropped and counted").isGreaterThan(sent / 4);
            assertThat(metrics.counterValue("sip_handler_errors_total")).isZero();
            assertThat(Await.until(() -> server.server().sip().activeCalls() == 0, Duration.ofSeconds(5))).isTrue();
            assertThat(server.server().media().openLegCount()).isZero();
        }
    }

    /** Level of {@code tone} over the last 3.5 s of what the phone heard: the flood and the second after it. */
    private static double hears(BaresipPhone phone, int tone) {
        Wav wav = Wav.read(phone.recordingOfWhatItHeard());
        long skip = Math.max(0, (long) (wav.durationSeconds() * 1000) - 3500);
        double[] lastPart = ToneAnalysis.steadyPart(wav, Duration.ofMillis(skip), Duration.ofMillis(200));
        return ToneAnalysis.weakestLevelDbfs(lastPart, wav.sampleRate(), tone, Duration.ofMillis(500));
    }
}
