package org.confero.server.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.confero.server.webrtc.dtls.DtlsCertificate;
import org.confero.server.webrtc.dtls.DtlsEndpoint;
import org.confero.server.webrtc.dtls.PacketQueueTransport;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Full DTLS 1.2 handshakes (ECDHE-ECDSA P-256, both certificates checked against fingerprints, use_srtp,
 * key export) between our server and a Bouncy Castle client, in memory: what one core spends per joining browser.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DtlsHandshakeBenchmark {
    private DtlsCertificate serverCertificate;
    private DtlsCertificate clientCertificate;
    private ExecutorService serverThread;

    @Setup(Level.Trial)
    public void setUp() {
        serverCertificate = DtlsCertificate.generate("server");
        clientCertificate = DtlsCertificate.generate("client");
        serverThread = Executors.newSingleThreadExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        serverThread.shutdownNow();
    }

    @Benchmark
    public SrtpKeys handshake() throws Exception {
        PacketQueueTransport[] ends = new PacketQueueTransport[2];
        ends[0] = new PacketQueueTransport((b, o, l) -> ends[1].offer(b, o, l));
        ends[1] = new PacketQueueTransport((b, o, l) -> ends[0].offer(b, o, l));
        DtlsEndpoint server = new DtlsEndpoint(DtlsEndpoint.Role.SERVER, serverCertificate,
                clientCertificate.fingerprint(), ends[0]);
        DtlsEndpoint client = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, clientCertificate,
                serverCertificate.fingerprint(), ends[1], SrtpProfile.values());
        Future<SrtpKeys> serverKeys = serverThread.submit(server::handshake);
        SrtpKeys keys = client.handshake();
        serverKeys.get(10, TimeUnit.SECONDS);
        server.close();
        client.close();
        return keys;
    }
}
