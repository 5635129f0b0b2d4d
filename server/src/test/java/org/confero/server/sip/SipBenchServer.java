package org.confero.server.sip;

import java.util.List;
import java.util.Optional;
import org.confero.server.config.MediaConfig;
import org.confero.server.config.SipConfig;
import org.confero.server.config.UserConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sip.auth.DigestAlgorithm;

/**
 * A SIP server with the fake media, for measuring call setup with SIPp before the real main exists:
 * {@code java -cp <test classpath> org.confero.server.sip.SipBenchServer 5060 60}.
 */
public final class SipBenchServer {
    private SipBenchServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5060;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        FakeConferenceMedia media = new FakeConferenceMedia()
                .room(new Room("demo", "Demo", Optional.empty(), 10_000));
        Metrics metrics = new Metrics();
        SipConfig sip = new SipConfig("confero.test", port, 1800, 90, 30, 300, 3600);
        MediaConfig mediaConfig = new MediaConfig(30_000, 39_999, 3, 5, 1);
        // SIPp 3.6 answers only the first challenge and knows only MD5.
        SipServerOptions options = SipServerOptions.defaults()
                .withDigestAlgorithms(List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256));
        try (SipServer server = new SipServer(sip, "127.0.0.1", media, List.of(new UserConfig("alice", "wonderland")),
                mediaConfig, metrics, options)) {
            server.start();
            System.out.println("READY " + port);
            long end = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(1000);
            }
            System.out.println("calls started " + metrics.counterValue("sip_calls_started_total")
                    + ", errors " + metrics.counterValue("sip_error_responses_total")
                    + ", active " + server.activeCalls());
        }
    }
}
