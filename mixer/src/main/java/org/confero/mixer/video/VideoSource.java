package org.confero.mixer.video;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.Overlay;
import org.confero.mixer.codec.SharedPicture;
import org.confero.mixer.codec.VideoDecoder;

/**
 * One participant's place in a room's picture: their name, whether they send video, their decoder and latest
 * picture, and whether they are speaking.
 *
 * <p>Threading: {@link #onFrame} decodes on the caller's thread (one per-stream worker at a time; calls are
 * serialised on this source's decode lock, which only {@link #close} otherwise takes). The decoded picture is
 * handed to the compositor by reference through a {@link SharedPicture}. The other setters may be called from
 * any thread.
 */
public final class VideoSource {
    private final String id;
    private final LongSupplier clock;
    private final Object decodeLock = new Object();
    private final SharedPicture picture = new SharedPicture();
    private final AtomicLong framesDecoded = new AtomicLong();
    private final AtomicLong decodeErrors = new AtomicLong();
    private final AtomicLong keyframesNeeded = new AtomicLong();
    private volatile String displayName;
    private volatile boolean hasVideo = true;
    private volatile boolean speaking;
    private volatile long lastPictureNanos;
    private volatile boolean still;
    /** Arrival of the newest picture not yet counted in the room's added latency; 0 when none. */
    private volatile long unreportedArrivalNanos;
    private volatile boolean everDecoded;
    private VideoDecoder decoder;
    private boolean closed;

    // Drawing caches, touched only by the compositor's tick: text is rendered once per name or size change.
    String labelText;
    int labelMaxWidth;
    Overlay label;
    String initialsName;
    int initialsSize;
    Overlay initials;
    Tile fitTile;
    int fitWidth;
    int fitHeight;
    Tile fitted;

    VideoSource(String id, String displayName, LongSupplier clock) {
        this.id = id;
        this.displayName = displayName;
        this.clock = clock;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName == null ? "" : displayName;
    }

    /**
     * Decodes one complete frame of this participant's stream on the calling thread and, when it yields a
     * picture, offers it to the compositor. A change of codec replaces the decoder. Never throws on bad input.
     *
     * @return what the decoder did; {@link VideoDecoder.Result#NEEDS_KEYFRAME} and
     *     {@link VideoDecoder.Result#ERROR} mean the sender should be asked for a keyframe (PLI)
     */
    public VideoDecoder.Result onFrame(EncodedFrame frame) {
        synchronized (decodeLock) {
            if (closed) {
                return VideoDecoder.Result.ERROR;
            }
            if (decoder == null || decoder.codec() != frame.codec()) {
                if (decoder != null) {
                    decoder.close();
                }
                decoder = CodecFactory.videoDecoder(frame.codec());
            }
            VideoDecoder.Result result = decoder.decode(frame);
            switch (result) {
                case DECODED -> {
                    picture.publish(decoder.picture());
                    framesDecoded.incrementAndGet();
                    lastPictureNanos = clock.getAsLong();
                    if (frame.arrivalNanos() != 0) {
                        unreportedArrivalNanos = frame.arrivalNanos();
                    }
                    everDecoded = true;
                }
                case ERROR -> decodeErrors.incrementAndGet();
                case NEEDS_KEYFRAME -> keyframesNeeded.incrementAndGet();
                case NO_PICTURE -> {
                }
            }
            return result;
        }
    }

    /** False for a phone or a camera turned off: the tile shows the placeholder and the last picture is dropped. */
    public void setHasVideo(boolean hasVideo) {
        this.hasVideo = hasVideo;
        if (!hasVideo) {
            picture.clear();
        }
    }

    /** The arrival time of a picture newer than the last call's, once; 0 when there is none. Tick thread. */
    long takeUnreportedArrival() {
        long a = unreportedArrivalNanos;
        if (a != 0) {
            unreportedArrivalNanos = 0;
        }
        return a;
    }

    public boolean hasVideo() {
        return hasVideo;
    }

    public void setSpeaking(boolean speaking) {
        this.speaking = speaking;
    }

    public boolean speaking() {
        return speaking;
    }

    public long framesDecoded() {
        return framesDecoded.get();
    }

    public long decodeErrors() {
        return decodeErrors.get();
    }

    /** Frames dropped because the stream needed a keyframe first. */
    public long framesAwaitingKeyframe() {
        return keyframesNeeded.get();
    }

    SharedPicture picture() {
        return picture;
    }

    /**
     * True when video is on and a picture decoded within {@code timeoutNanos} of {@code now}, or ever for a still
     * source.
     */
    boolean showsVideo(long now, long timeoutNanos) {
        return hasVideo && everDecoded && (still || now - lastPictureNanos < timeoutNanos);
    }

    /**
     * A shared screen sends a frame only when its content changes (a slide stays for minutes): its last picture
     * stays up while its video is on, instead of turning to initials when frames stop.
     */
    public void setStill(boolean still) {
        this.still = still;
    }

    /** Frees the decoder and the shared picture; a reader holding a reference keeps its own. Idempotent. */
    void close() {
        synchronized (decodeLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (decoder != null) {
                decoder.close();
                decoder = null;
            }
        }
        picture.close();
    }
}
