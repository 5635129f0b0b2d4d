package org.confero.mixer.codec;

import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads FFmpeg's native libraries once per JVM and counts the codec objects that hold native memory, so tests
 * (and {@code /metrics}) can prove that every context opened is also closed.
 */
public final class NativeCodecs {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCodecs.class);
    private static final AtomicInteger OPEN_CONTEXTS = new AtomicInteger();

    /** FFmpeg's AVERROR(EAGAIN) on Linux: "feed more input" or "take output first". */
    static final int AVERROR_EAGAIN = -11;

    static {
        long started = System.nanoTime();
        // Loading the presets unpacks and links libavcodec, libavutil, libswresample and libswscale (0.1-0.4 s the first time).
        Loader.load(avutil.class);
        Loader.load(avcodec.class);
        Loader.load(swresample.class);
        Loader.load(swscale.class);
        // Garbage payloads make decoders log at error level per packet; that noise belongs in our counters instead.
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        LOG.info("FFmpeg loaded in {} ms (libavcodec {})", (System.nanoTime() - started) / 1_000_000,
                avcodec.avcodec_version());
    }

    private NativeCodecs() {
    }

    /** Forces the one-time load, e.g. at server start rather than on the first call. */
    public static void load() {
        // the static initializer does the work
    }

    /** Codec objects (encoders, decoders, scalers, pictures) whose native memory is currently allocated. */
    public static int openContexts() {
        return OPEN_CONTEXTS.get();
    }

    static void opened() {
        OPEN_CONTEXTS.incrementAndGet();
    }

    static void closed() {
        OPEN_CONTEXTS.decrementAndGet();
    }

    /**
     * Frees what an encoder or decoder allocated. Any argument may be null: a constructor that failed half-way
     * frees what it got.
     */
    static void free(AVCodecContext context, AVPacket packet, AVFrame frame) {
        if (frame != null) {
            avutil.av_frame_free(frame);
        }
        if (packet != null) {
            avcodec.av_packet_free(packet);
        }
        if (context != null) {
            avcodec.avcodec_free_context(context);
        }
    }

    static String describe(int error) {
        byte[] text = new byte[128];
        avutil.av_strerror(error, text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.US_ASCII) + " (" + error + ")";
    }
}
