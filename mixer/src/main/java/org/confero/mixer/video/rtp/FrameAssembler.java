package org.confero.mixer.video.rtp;

import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.PacketPool;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/**
 * Rebuilds the frames of one incoming video stream from its RTP packets and keeps the stream decodable.
 *
 * <p>Route: {@link #onPacket} copies the packet into a pooled buffer in a slot of a reorder window indexed by
 * its (extended) sequence number, notes any sequence gap for NACK, and delivers every frame that became
 * complete at the front of the window, in decode order (sequence order). A frame is the run of consecutive
 * packets with one RTP timestamp; it ends at the marker bit (RFC 3550 §5.1; RFC 7741 §4.1, RFC 6184 §5.1) or
 * where the next packet has another timestamp. {@link #onTimer}, called every ~10 ms, sends NACKs (RFC 4585
 * §6.2.1, each missing packet at most {@code maxNackRetries} times, one RTT apart), gives up a frame whose
 * missing packet stayed missing past the deadline, and repeats keyframe requests.
 *
 * <p>After any loss the assembler delivers no delta frame until a keyframe is complete (a decoder would only
 * show corruption), and asks for one (PLI/FIR by the owner), at most once per {@code keyframeMinInterval} and
 * again every {@code keyframeRepeat} while it waits. A stream starts in that state too. After a loss the next
 * frame is found by the codec's certain frame-start mark ({@link VideoDepacketizer#isFrameStart}).
 *
 * <p>Threading: one thread (the stream's worker) calls every method; not thread-safe. Bad input is counted
 * ({@link #stats()}) and dropped, never thrown. Steady state allocates nothing: buffers come from the pool and
 * go back after delivery; the frame object is reused.
 */
public final class FrameAssembler implements AutoCloseable {
    private static final long EMPTY = Long.MIN_VALUE;

    private final FrameAssemblerConfig config;
    private final VideoDepacketizer depacketizer;
    private final PacketPool pool;
    private final FrameAssemblerListener listener;
    private final RtpPacket rtp = new RtpPacket();
    private final EncodedFrame frame;
    private final int mask;
    private final PacketBuffer[] slots;
    private final long[] slotSeq;
    private final long[] slotTs;
    private final boolean[] slotMarker;
    private final boolean[] slotStart;
    private final int[] slotPayloadOffset;
    private final int[] slotPayloadLength;
    private final NackTracker nacks;
    private final int[] nackScratch;
    private final long deadlineNanos;
    private final long keyframeMinNanos;
    private final long keyframeRepeatNanos;

    private long rttNanos;
    private boolean started;
    private long highestSeq;
    private long nextSeq; // first sequence number not yet delivered or given up
    private long scanSeq; // where the search for the end of the front frame resumes
    private boolean boundaryKnown; // nextSeq certainly starts a frame (the previous one ended cleanly)
    private boolean pristine = true; // nothing delivered or dropped yet: the first packet seen may not be the first sent
    private long firstPacketNanos;
    private boolean waitingForKeyframe = true;
    private boolean keyframeRequested;
    private long lastKeyframeRequestNanos;

    private long packetsIn;
    private long invalidRtp;
    private long duplicates;
    private long tooOld;
    private long packetsDiscarded;
    private long framesDelivered;
    private long framesDroppedIncomplete;
    private long framesDroppedMalformed;
    private long framesDroppedOversize;
    private long deltaFramesSuppressed;
    private long malformedPayloads;
    private long windowOverflows;
    private long nacksSent;
    private long keyframeRequests;

    /** With its own pool of 128 buffers (enough for the frames in flight; a burst beyond borrows and returns). */
    public FrameAssembler(VideoCodec codec, FrameAssemblerConfig config, FrameAssemblerListener listener) {
        this(codec, config, new PacketPool(128, config.maxPacketSize()), listener);
    }

    /** With a pool shared with other streams; its buffers must take {@code config.maxPacketSize()} bytes. */
    public FrameAssembler(VideoCodec codec, FrameAssemblerConfig config, PacketPool pool,
            FrameAssemblerListener listener) {
        this.config = config;
        this.depacketizer = VideoDepacketizer.forCodec(codec);
        this.pool = pool;
        this.listener = listener;
        this.frame = new EncodedFrame(codec, 64 * 1024);
        int w = config.windowPackets();
        this.mask = w - 1;
        this.slots = new PacketBuffer[w];
        this.slotSeq = new long[w];
        java.util.Arrays.fill(slotSeq, EMPTY);
        this.slotTs = new long[w];
        this.slotMarker = new boolean[w];
        this.slotStart = new boolean[w];
        this.slotPayloadOffset = new int[w];
        this.slotPayloadLength = new int[w];
        this.nacks = new NackTracker(w);
        this.nackScratch = new int[w];
        this.rttNanos = config.rtt().toNanos();
        this.deadlineNanos = config.frameDeadline().toNanos();
        this.keyframeMinNanos = config.keyframeMinInterval().toNanos();
        this.keyframeRepeatNanos = config.keyframeRepeat().toNanos();
    }

    /** One RTP packet of this stream (SSRC and payload type already checked by the caller); copied. */
    public void onPacket(byte[] buf, int off, int len, long nowNanos) {
        packetsIn++;
        if (len > config.maxPacketSize() || !rtp.wrap(buf, off, len)) {
            invalidRtp++;
            return;
        }
        long seq = extend(rtp.sequenceNumber(), nowNanos);
        if (seq < nextSeq) {
            if (!pristine || highestSeq - seq >= slots.length) {
                tooOld++;
                return;
            }
            // The stream's first packets came reordered: the window starts earlier than the first arrival.
            nacks.prependRange(seq + 1, nextSeq - 1, nowNanos);
            nextSeq = seq;
            scanSeq = seq;
        }
        if (seq - nextSeq >= slots.length) {
            overflow(seq, nowNanos);
        }
        int i = index(seq);
        if (slotSeq[i] == seq) {
            duplicates++;
            return;
        }
        PacketBuffer b = pool.acquire();
        if (!b.copyFrom(buf, off, len)) {
            pool.release(b);
            invalidRtp++;
            return;
        }
        slots[i] = b;
        slotSeq[i] = seq;
        slotTs[i] = rtp.timestamp();
        slotMarker[i] = rtp.marker();
        slotPayloadOffset[i] = b.offset() + (rtp.payloadOffset() - off);
        slotPayloadLength[i] = rtp.payloadLength();
        slotStart[i] = depacketizer.isFrameStart(b.data(), slotPayloadOffset[i], slotPayloadLength[i]);
        if (seq > highestSeq) {
            if (seq > highestSeq + 1) {
                nacks.addRange(Math.max(highestSeq + 1, nextSeq), seq - 1, nowNanos);
            }
            highestSeq = seq;
        } else {
            nacks.remove(seq);
        }
        assemble(nowNanos);
    }

    /** Drives NACK retries, the frame deadline and repeated keyframe requests; call every ~10 ms. */
    public void onTimer(long nowNanos) {
        int n = nacks.collectDue(nowNanos, rttNanos, config.maxNackRetries(), nackScratch);
        if (n > 0) {
            nacksSent += n;
            listener.sendNack(nackScratch, n);
        }
        if (nacks.size() > 0 && nowNanos - nacks.firstMissedNanos() >= deadlineNanos) {
            giveUpFrontFrame(nowNanos);
            assemble(nowNanos);
        } else if (pristine && started) {
            assemble(nowNanos); // the first frame's wait may be over
        }
        if (waitingForKeyframe && keyframeRequested && nowNanos - lastKeyframeRequestNanos >= keyframeRepeatNanos) {
            requestKeyframe(nowNanos);
        }
    }

    /** Current round-trip time (from RTCP), which spaces NACK retries. */
    public void rttNanos(long rttNanos) {
        this.rttNanos = Math.max(0, rttNanos);
    }

    /** True while delta frames are held back until a keyframe arrives. */
    public boolean waitingForKeyframe() {
        return waitingForKeyframe;
    }

    public FrameAssemblerStats stats() {
        return new FrameAssemblerStats(packetsIn, invalidRtp, duplicates, tooOld, packetsDiscarded, framesDelivered,
                framesDroppedIncomplete, framesDroppedMalformed, framesDroppedOversize, deltaFramesSuppressed,
                malformedPayloads, windowOverflows, nacksSent, keyframeRequests);
    }

    /** Returns every held buffer to the pool. */
    @Override
    public void close() {
        for (int i = 0; i < slots.length; i++) {
            release(i);
        }
        nacks.clear();
    }

    private long extend(int seq16, long nowNanos) {
        if (!started) {
            started = true;
            firstPacketNanos = nowNanos;
            highestSeq = seq16;
            nextSeq = seq16;
            scanSeq = seq16;
            return seq16;
        }
        // RFC 3550 Appendix A.1: the nearest extension of a 16-bit number to the highest seen.
        return highestSeq + (short) (seq16 - (int) (highestSeq & 0xffff));
    }

    private int index(long seq) {
        return (int) (seq & mask);
    }

    /** Delivers (or drops) every frame that is complete at the front of the window. */
    private void assemble(long nowNanos) {
        while (true) {
            int i = index(nextSeq);
            if (slotSeq[i] != nextSeq) {
                return;
            }
            if (pristine && slotTs[index(highestSeq)] == slotTs[i] && nowNanos - firstPacketNanos < deadlineNanos) {
                // First frame: wait until the next one begins, as its own first packets may still be on the way.
                return;
            }
            if (!boundaryKnown && !slotStart[i]) {
                if (pristine && !frameStartAfter(nextSeq)) {
                    return; // the first frame's start may still come, reordered
                }
                // The head of this frame is lost (or the stream began mid-frame): its rest cannot decode.
                pristine = false;
                release(i);
                packetsDiscarded++;
                advanceTo(nextSeq + 1);
                continue;
            }
            long ts = slotTs[i];
            long end = EMPTY;
            long s = Math.max(scanSeq, nextSeq);
            for (; s - nextSeq < slots.length; s++) {
                int j = index(s);
                if (slotSeq[j] != s) {
                    break;
                }
                if (slotTs[j] != ts) {
                    end = s - 1; // no marker, but the next frame has begun
                    break;
                }
                if (slotMarker[j]) {
                    end = s;
                    break;
                }
            }
            if (end == EMPTY) {
                scanSeq = s;
                return;
            }
            deliver(end, ts, nowNanos);
        }
    }

    private void deliver(long last, long ts, long nowNanos) {
        frame.reset(ts, false);
        depacketizer.beginFrame();
        DepacketizeResult r = DepacketizeResult.OK;
        for (long s = nextSeq; s <= last && r == DepacketizeResult.OK; s++) {
            int j = index(s);
            r = depacketizer.append(frame, slots[j].data(), slotPayloadOffset[j], slotPayloadLength[j],
                    config.maxFrameBytes());
        }
        if (r == DepacketizeResult.OK) {
            r = depacketizer.finishFrame(frame);
        }
        for (long s = nextSeq; s <= last; s++) {
            release(index(s));
        }
        advanceTo(last + 1);
        boundaryKnown = true;
        pristine = false;
        switch (r) {
            case MALFORMED -> {
                malformedPayloads++;
                framesDroppedMalformed++;
                enterKeyframeWait(nowNanos);
            }
            case OVERSIZE -> {
                framesDroppedOversize++;
                enterKeyframeWait(nowNanos);
            }
            case OK -> {
                if (waitingForKeyframe && !frame.keyframe()) {
                    deltaFramesSuppressed++;
                    requestKeyframe(nowNanos);
                } else {
                    waitingForKeyframe = false;
                    framesDelivered++;
                    listener.onFrame(frame);
                }
            }
        }
    }

    /** A packet this far ahead leaves no room: the oldest frames go, up to a frame start that fits. */
    private void overflow(long seq, long nowNanos) {
        windowOverflows++;
        long target = seq - slots.length + 1;
        dropUntil(nextFrameStart(target), nowNanos);
    }

    /** The lowest missing packet is past its deadline: its frame, and what cannot decode without it, go. */
    private void giveUpFrontFrame(long nowNanos) {
        dropUntil(nextFrameStart(nacks.first() + 1), nowNanos);
    }

    private boolean frameStartAfter(long seq) {
        for (long s = seq + 1; s <= highestSeq; s++) {
            int j = index(s);
            if (slotSeq[j] == s && slotStart[j]) {
                return true;
            }
        }
        return false;
    }

    /** First held frame start at or after {@code from}, or the sequence number after everything seen. */
    private long nextFrameStart(long from) {
        for (long s = Math.max(from, nextSeq); s <= highestSeq; s++) {
            int j = index(s);
            if (slotSeq[j] == s && slotStart[j]) {
                return s;
            }
        }
        return Math.max(from, highestSeq + 1);
    }

    /** Discards everything before {@code target}; counts one dropped frame per timestamp discarded (at least one). */
    private void dropUntil(long target, long nowNanos) {
        long frames = 0;
        long lastTs = EMPTY;
        long stop = Math.min(target, nextSeq + slots.length);
        for (long s = nextSeq; s < stop; s++) {
            int j = index(s);
            if (slotSeq[j] == s) {
                if (slotTs[j] != lastTs) {
                    frames++;
                    lastTs = slotTs[j];
                }
                release(j);
                packetsDiscarded++;
            }
        }
        framesDroppedIncomplete += Math.max(1, frames);
        if (highestSeq < target - 1) {
            highestSeq = target - 1; // nothing below the target is asked for again
        }
        advanceTo(target);
        boundaryKnown = false;
        pristine = false;
        enterKeyframeWait(nowNanos);
    }

    private void advanceTo(long seq) {
        nextSeq = seq;
        scanSeq = seq;
        nacks.removeBelow(seq);
    }

    private void release(int i) {
        if (slots[i] != null) {
            pool.release(slots[i]);
            slots[i] = null;
        }
        slotSeq[i] = EMPTY;
    }

    private void enterKeyframeWait(long nowNanos) {
        waitingForKeyframe = true;
        requestKeyframe(nowNanos);
    }

    private void requestKeyframe(long nowNanos) {
        if (keyframeRequested && nowNanos - lastKeyframeRequestNanos < keyframeMinNanos) {
            return;
        }
        keyframeRequested = true;
        lastKeyframeRequestNanos = nowNanos;
        keyframeRequests++;
        listener.requestKeyframe();
    }
}
