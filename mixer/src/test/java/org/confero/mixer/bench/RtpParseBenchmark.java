package org.confero.mixer.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.confero.mixer.rtp.ReportBlock;
import org.confero.mixer.rtp.RtcpListener;
import org.confero.mixer.rtp.RtcpParseResult;
import org.confero.mixer.rtp.RtcpParser;
import org.confero.mixer.rtp.RtcpWriter;
import org.confero.mixer.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of parsing one RTP packet and one RTCP compound (RR + SDES + REMB) in place. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RtpParseBenchmark {
    private final byte[] rtpBytes = new byte[172];
    private final byte[] rtcpBytes = new byte[200];
    private int rtcpLength;
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpParser parser = new RtcpParser();
    private final RtcpListener listener = new RtcpListener() {
        @Override
        public void onReportBlock(long reporter, long source, int fraction, int lost, long seq, long jitter,
                long lsr, long dlsr) {
            sink += jitter;
        }
    };
    private long sink;

    @Setup
    public void setUp() {
        RtpPacket.writeHeader(rtpBytes, 0, 111, false, 4711, 123_456_789L, 0xCAFEL);
        rtcpLength = RtcpWriter.writeReceiverReport(rtcpBytes, 0, 1, List.of(new ReportBlock(2, 3, 4, 5, 6, 7, 8)));
        rtcpLength += RtcpWriter.writeSdesCname(rtcpBytes, rtcpLength, 1, "confero-mixer");
        rtcpLength += RtcpWriter.writeRemb(rtcpBytes, rtcpLength, 1, 1_000_000, new long[] {2});
    }

    @Benchmark
    public long parseRtp() {
        if (!rtp.wrap(rtpBytes, 0, rtpBytes.length)) {
            throw new IllegalStateException();
        }
        return rtp.sequenceNumber() + rtp.timestamp() + rtp.ssrc() + rtp.payloadLength();
    }

    @Benchmark
    public long parseRtcpCompound() {
        if (parser.parse(rtcpBytes, 0, rtcpLength, listener) != RtcpParseResult.OK) {
            throw new IllegalStateException();
        }
        return sink;
    }
}
