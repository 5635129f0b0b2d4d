package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.MS;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.frameOf;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.packetize;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.VideoRtpTestSupport.Recorder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Frames from real encoders (the ffmpeg command line: libvpx, libx264) through packetizer and assembler. */
class FrameAssemblerRealBitstreamTest {
    private static final int FRAMES = 24;
    private static final int GOP = 8;

    @TempDir
    Path dir;

    private Path encode(String... codecArgs) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("ffmpeg"), "ffmpeg command not installed");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc=s=640x360:r=30", "-frames:v", String.valueOf(FRAMES),
                "-pix_fmt", "yuv420p", "-threads", "1"));
        cmd.addAll(List.of(codecArgs));
        Path out = dir.resolve("out");
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("log"))).isZero();
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** IVF (a 32-byte file header, then a 12-byte header before each frame). */
    private static List<byte[]> ivfFrames(byte[] file) {
        List<byte[]> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int pos = b.getShort(6);
        while (pos + 12 <= file.length) {
            int size = b.getInt(pos);
            frames.add(java.util.Arrays.copyOfRange(file, pos + 12, pos + 12 + size));
            pos += 12 + size;
        }
        return frames;
    }

    /** Annex B NAL units (start codes and trailing zeros removed). */
    private static List<byte[]> nals(byte[] stream) {
        List<byte[]> nals = new ArrayList<>();
        int sc = H264Nal.findStartCode(stream, 0, stream.length);
        while (sc >= 0) {
            int next = H264Nal.findStartCode(stream, sc + 3, stream.length);
            int end = next < 0 ? stream.length : next;
            while (end > sc + 3 && stream[end - 1] == 0) {
                end--;
            }
            nals.add(java.util.Arrays.copyOfRange(stream, sc + 3, end));
            sc = next;
        }
        return nals;
    }

    /** Groups NAL units into access units: a new one at AUD/SPS/PPS/SEI or a first slice after a slice. */
    private static List<List<byte[]>> accessUnits(List<byte[]> nals) {
        List<List<byte[]>> aus = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean hasSlice = false;
        for (byte[] n : nals) {
            int type = n[0] & 0x1f;
            boolean slice = type == 1 || type == 5;
            if (hasSlice && H264Nal.startsPicture(type, n.length > 1 ? n[1] & 0xff : -1)) {
                aus.add(current);
                current = new ArrayList<>();
                hasSlice = false;
            }
            current.add(n);
            hasSlice |= slice;
        }
        aus.add(current);
        return aus;
    }

    private static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    private static boolean hasIdr(List<byte[]> au) {
        return au.stream().anyMatch(n -> (n[0] & 0x1f) == 5);
    }

    /** Packetizes every frame, shuffles packets within each frame, assembles; returns what came out. */
    private static Recorder roundTrip(VideoCodec codec, VideoPacketizer packetizer, List<byte[]> frames) {
        Recorder recorder = new Recorder();
        FrameAssembler assembler = new FrameAssembler(codec, FrameAssemblerConfig.defaults(), recorder);
        Random random = new Random(5);
        int[] seq = {65520};
        long now = 0;
        for (int i = 0; i < frames.size(); i++) {
            List<byte[]> packets = packetize(packetizer, frameOf(codec, frames.get(i), 3000L * i, false), seq);
            Collections.shuffle(packets, random);
            for (byte[] p : packets) {
                assembler.onPacket(p, 0, p.length, now);
            }
            now += 33 * MS;
            assembler.onTimer(now);
        }
        now += 200 * MS;
        assembler.onTimer(now); // the last frame, held while the stream is young, is out by now
        assertThat(assembler.stats().malformedPayloads()).isZero();
        return recorder;
    }

    @ParameterizedTest(name = "payload size {0}")
    @CsvSource({"1200", "300"})
    void libvpxFramesComeOutIdenticalWithTheirKeyframeFlags(int mtu) throws Exception {
        Path out = encode("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-lag-in-frames", "0",
                "-g", String.valueOf(GOP), "-keyint_min", String.valueOf(GOP), "-b:v", "800k", "-f", "ivf");
        List<byte[]> frames = ivfFrames(Files.readAllBytes(out));
        assertThat(frames).hasSize(FRAMES);
        Recorder recorder = roundTrip(VideoCodec.VP8, new Vp8Packetizer(mtu, 1234), frames);
        assertThat(recorder.frames).hasSize(FRAMES);
        int keyframes = 0;
        for (int i = 0; i < FRAMES; i++) {
            assertThat(recorder.frames.get(i).bytes()).as("frame %d", i).isEqualTo(frames.get(i));
            boolean key = (frames.get(i)[0] & 1) == 0; // RFC 6386 §9.1
            assertThat(recorder.frames.get(i).keyframe()).as("frame %d", i).isEqualTo(key);
            keyframes += key ? 1 : 0;
        }
        assertThat(recorder.frames.get(0).keyframe()).isTrue();
        assertThat(keyframes).isGreaterThanOrEqualTo(FRAMES / GOP);
    }

    @ParameterizedTest(name = "mode {0}, payload {1}, parameter sets only on the first IDR: {2}")
    @CsvSource({"1, 1200, false", "1, 500, true", "0, 1200, false"})
    void libx264AccessUnitsComeOutIdenticalWithTheirKeyframeFlags(int mode, int mtu, boolean stripRepeated)
            throws Exception {
        // Mode 0 needs NAL units that fit one packet: the encoder's slice size limit does that.
        String sliceLimit = mode == 0 ? ":slice-max-size=" + (mtu - 100) : "";
        Path out = encode("-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-tune", "zerolatency",
                "-x264-params", "keyint=" + GOP + ":min-keyint=" + GOP + ":scenecut=0" + sliceLimit,
                "-bsf:v", "h264_mp4toannexb", "-f", "h264");
        List<List<byte[]>> aus = accessUnits(nals(Files.readAllBytes(out)));
        assertThat(aus).hasSize(FRAMES);
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < aus.size(); i++) {
            List<byte[]> au = aus.get(i);
            expected.add(annexB(au));
            List<byte[]> toSend = au;
            if (stripRepeated && i > 0 && hasIdr(au)) {
                // The packetizer must put the cached SPS and PPS back in front of the IDR.
                toSend = au.stream().filter(n -> (n[0] & 0x1f) != 7 && (n[0] & 0x1f) != 8).toList();
                assertThat(toSend).hasSizeLessThan(au.size());
            }
            sent.add(annexB(toSend));
        }
        H264Packetizer packetizer = new H264Packetizer(mtu, mode, true);
        Recorder recorder = roundTrip(VideoCodec.H264, packetizer, sent);
        assertThat(packetizer.droppedNals()).isZero();
        assertThat(recorder.frames).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            assertThat(recorder.frames.get(i).bytes()).as("access unit %d", i).isEqualTo(expected.get(i));
            assertThat(recorder.frames.get(i).keyframe()).as("access unit %d", i).isEqualTo(hasIdr(aus.get(i)));
        }
        assertThat(recorder.frames.stream().filter(VideoRtpTestSupport.Frame::keyframe).count())
                .isEqualTo(FRAMES / GOP);
    }
}
