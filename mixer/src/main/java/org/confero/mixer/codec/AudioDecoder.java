package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes one participant's RTP payloads to 48 kHz mono, the mixer's format. One instance per received stream,
 * used from one thread (the room's mixer or its receive path); {@link #close()} may be called once that use ends.
 *
 * <p>Native state (codec context, packet, frame, resampler) is allocated once here and reused for every packet.
 * Invalid payloads return {@link #ERROR}; nothing here throws on bad input.
 */
public final class AudioDecoder implements AutoCloseable {
    /** Returned by {@link #decode} for a payload the codec rejects, or for an output array that is too small. */
    public static final int ERROR = -1;
    /** {@code -Dconfero.audio.skip-silent-decode=false} decodes every silent packet (a baseline to measure). */
    public static final String SKIP_SILENCE_PROPERTY = "confero.audio.skip-silent-decode";
    /**
     * Silent packets decoded in a row before the rest are skipped: by then the resampler's filter history (32
     * input samples with swresample's defaults, a packet holds 160) holds only zeros, so its output for more
     * zeros is zeros and skipping is exact.
     */
    static final int SILENT_PACKETS_BEFORE_SKIPPING = 2;
    /** Largest payload accepted (an RTP packet never exceeds a path MTU). */
    public static final int MAX_PAYLOAD = 1500;
    /** Opus packets carry up to 120 ms (RFC 6716 §3.2.5): 5760 samples at 48 kHz. */
    public static final int MAX_SAMPLES_PER_PACKET = 5760;

    private final AudioCodec codec;
    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final BytePointer payloadBuffer;
    private final PcmResampler resampler;
    private final LossConcealer concealer = new LossConcealer();
    private final boolean skipDigitalSilence;
    private int silentPackets;
    private long silenceSkipped;
    private long decoded;
    private long rejected;
    private boolean closed;

    AudioDecoder(AudioCodec codec) {
        this(codec, !"false".equals(System.getProperty(SKIP_SILENCE_PROPERTY)));
    }

    /**
     * @param skipDigitalSilence answer μ-law digital silence with zeros once the resampler has been fed enough of
     *     it, instead of decoding and resampling every silent packet ({@link DigitalSilence})
     */
    AudioDecoder(AudioCodec codec, boolean skipDigitalSilence) {
        NativeCodecs.load();
        this.codec = codec;
        this.skipDigitalSilence = skipDigitalSilence;
        AVCodec decoder = avcodec_find_decoder_by_name(decoderName(codec));
        if (decoder == null) {
            throw new IllegalStateException("FFmpeg build lacks the " + decoderName(codec) + " decoder");
        }
        context = avcodec_alloc_context3(decoder);
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        payloadBuffer = new BytePointer(MAX_PAYLOAD + AV_INPUT_BUFFER_PADDING_SIZE);
        PcmResampler created = null;
        try {
            if (context == null || packet == null || frame == null) {
                throw new IllegalStateException("out of native memory for a " + codec + " decoder");
            }
            context.sample_rate(codec.sampleRate());
            // Asking libopus for one channel makes it downmix a stereo stream itself (RFC 7587 §3.4: a receiver
            // may always decode to mono), so a browser's stereo Opus arrives here already mono.
            av_channel_layout_default(context.ch_layout(), 1);
            int ret = avcodec_open2(context, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (ret < 0) {
                throw new IllegalStateException("opening " + codec + " decoder: " + NativeCodecs.describe(ret));
            }
            created = new PcmResampler(AudioCodec.MIX_RATE, MAX_SAMPLES_PER_PACKET + 256);
        } catch (RuntimeException e) {
            freeNative();
            payloadBuffer.close();
            throw e;
        }
        resampler = created;
        NativeCodecs.opened();
    }

    static String decoderName(AudioCodec codec) {
        return switch (codec) {
            case OPUS -> "libopus";
            case G722 -> "g722";
            case PCMU -> "pcm_mulaw";
            case PCMA -> "pcm_alaw";
        };
    }

    public AudioCodec codec() {
        return codec;
    }

    /**
     * Decodes one RTP payload.
     *
     * @return samples written at 48 kHz mono starting at {@code outOffset} (960 for a 20 ms packet), 0 when the
     *     decoder produced nothing yet, or {@link #ERROR} for a payload it rejects
     */
    public int decode(byte[] payload, int offset, int length, short[] out48kMono, int outOffset) {
        if (closed || length <= 0 || length > MAX_PAYLOAD || offset < 0 || offset + length > payload.length
                || outOffset < 0 || outOffset > out48kMono.length) {
            rejected++;
            return ERROR;
        }
        boolean silent = DigitalSilence.isSilent(codec, payload, offset, length);
        if (silent && skipDigitalSilence && silentPackets >= SILENT_PACKETS_BEFORE_SKIPPING) {
            return skipSilence(length, out48kMono, outOffset);
        }
        silentPackets = silent ? silentPackets + 1 : 0;
        payloadBuffer.position(0).put(payload, offset, length);
        packet.data(payloadBuffer).size(length);
        int ret = avcodec_send_packet(context, packet);
        if (ret < 0) {
            rejected++;
            return ERROR;
        }
        int written = 0;
        boolean failed = false;
        // Drain every frame the packet produced, even after a failure, so the next packet finds the codec ready.
        while (avcodec_receive_frame(context, frame) >= 0) {
            int got = failed ? -1 : convert(out48kMono, outOffset + written);
            av_frame_unref(frame);
            if (got < 0) {
                failed = true;
            } else {
                written += got;
            }
        }
        if (failed) {
            rejected++;
            return ERROR;
        }
        if (written > 0) {
            decoded++;
            concealer.remember(out48kMono, outOffset, written);
        }
        return written;
    }

    /** One G.711 byte per sample at 8 kHz: six samples each at 48 kHz, all zero. */
    private int skipSilence(int length, short[] out, int at) {
        int samples = length * (AudioCodec.MIX_RATE / codec.sampleRate());
        if (at + samples > out.length) {
            rejected++;
            return ERROR;
        }
        java.util.Arrays.fill(out, at, at + samples, (short) 0);
        decoded++;
        silenceSkipped++;
        concealer.remember(out, at, samples);
        return samples;
    }

    /** Resamples the decoded frame into {@code out} at {@code at}; -1 if it cannot or does not fit. */
    private int convert(short[] out, int at) {
        int rate = frame.sample_rate();
        if (rate <= 0 || frame.nb_samples() <= 0) {
            return -1;
        }
        int expected = (int) ((long) frame.nb_samples() * AudioCodec.MIX_RATE / rate);
        int got = resampler.convert(frame, expected);
        if (got < 0 || at + got > out.length) {
            return -1;
        }
        resampler.output().get(out, at, got);
        return got;
    }

    /**
     * Fills a gap where a packet was lost: the last decoded audio repeated with a fade that reaches silence after
     * a few frames. libavcodec offers no Opus packet-loss concealment through its API (an empty packet means
     * "drain", a zero-length one with data is rejected; see {@code AudioDecoderTest}), so all codecs share this.
     *
     * @return samples written ({@code samples}), or {@link #ERROR} when {@code out} is too small
     */
    public int conceal(short[] out, int outOffset, int samples) {
        if (samples < 0 || outOffset < 0 || outOffset + samples > out.length) {
            return ERROR;
        }
        concealer.conceal(out, outOffset, samples);
        return samples;
    }

    public long framesDecoded() {
        return decoded;
    }

    /** Silent payloads answered without decoding. */
    public long silentPayloadsSkipped() {
        return silenceSkipped;
    }

    public long payloadsRejected() {
        return rejected;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeNative();
        resampler.close();
        payloadBuffer.close();
        NativeCodecs.closed();
    }

    private void freeNative() {
        if (packet != null) {
            // the packet points at our payload buffer, not at FFmpeg memory: detach before freeing
            packet.data(null).size(0);
        }
        NativeCodecs.free(context, packet, frame);
    }
}
