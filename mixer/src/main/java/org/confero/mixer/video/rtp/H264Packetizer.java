package org.confero.mixer.video.rtp;

import java.util.Arrays;
import org.confero.mixer.video.EncodedFrame;

/**
 * H.264 RTP packetizer (RFC 6184) from an Annex B access unit.
 *
 * <ul>
 *   <li>A NAL unit that fits goes alone in a single NAL unit packet (§5.6), in both modes.</li>
 *   <li>packetization-mode=1: a larger NAL unit is cut into FU-A fragments (§5.8); with aggregation on,
 *       consecutive NAL units that fit together (typically SPS + PPS) share one STAP-A (§5.7.1).</li>
 *   <li>packetization-mode=0 allows single NAL unit packets only (§6.2): a NAL unit larger than the payload
 *       size cannot be sent, so it is left out and counted in {@link #droppedNals()}. The receiver will see a
 *       broken picture and ask for a keyframe; the encoder should be configured with a slice size limit.</li>
 * </ul>
 * SPS and PPS are cached from the stream and sent again in front of every IDR slice that comes without them,
 * so a receiver that joins (or lost packets) can decode from any keyframe. Only the latest SPS and PPS are kept.
 *
 * <p>One instance per outgoing stream, used by the encoder thread only; no allocation in steady state.
 */
public final class H264Packetizer implements VideoPacketizer {
    private static final int FU_HEADER_LENGTH = 2;

    private final int maxPayloadSize;
    private final boolean fragmentationAllowed;
    private final boolean aggregate;

    private byte[] sps = new byte[64];
    private int spsLength;
    private byte[] pps = new byte[64];
    private int ppsLength;

    // NAL units of the current frame in send order; the arrays grow only for unusually many slices.
    private byte[][] unitBuf = new byte[32][];
    private int[] unitOff = new int[32];
    private int[] unitLen = new int[32];
    private int unitCount;
    private int unit;
    private int fuPosition; // next byte of unit[unit] to fragment; 0 when not fragmenting

    private long droppedNals;
    private long framesWithoutNal;

    /**
     * @param maxPayloadSize largest RTP payload (e.g. 1200)
     * @param packetizationMode 0 or 1 (the SDP fmtp parameter, RFC 6184 §8.1)
     * @param aggregate in mode 1, put small consecutive NAL units into one STAP-A
     */
    public H264Packetizer(int maxPayloadSize, int packetizationMode, boolean aggregate) {
        if (maxPayloadSize <= FU_HEADER_LENGTH + 1) {
            throw new IllegalArgumentException("maxPayloadSize " + maxPayloadSize);
        }
        if (packetizationMode != 0 && packetizationMode != 1) {
            throw new IllegalArgumentException("packetization-mode " + packetizationMode + " (0 or 1 supported)");
        }
        this.maxPayloadSize = maxPayloadSize;
        this.fragmentationAllowed = packetizationMode == 1;
        this.aggregate = aggregate && packetizationMode == 1;
    }

    @Override
    public void begin(EncodedFrame frame) {
        unitCount = 0;
        unit = 0;
        fuPosition = 0;
        byte[] b = frame.data();
        int end = frame.length();
        boolean hasSps = false;
        boolean hasPps = false;
        int sc = H264Nal.findStartCode(b, 0, end);
        if (sc < 0) {
            framesWithoutNal++;
            return;
        }
        while (sc >= 0) {
            int start = sc + 3;
            int next = H264Nal.findStartCode(b, start, end);
            int nalEnd = next < 0 ? end : next;
            while (nalEnd > start && b[nalEnd - 1] == 0) {
                nalEnd--; // the leading zero of a 4-byte start code, or trailing_zero_8bits
            }
            if (nalEnd > start) {
                int type = H264Nal.type(b[start]);
                int n = nalEnd - start;
                if (type == H264Nal.SPS) {
                    hasSps = true;
                    sps = cache(sps, spsLength, b, start, n);
                    spsLength = n;
                } else if (type == H264Nal.PPS) {
                    hasPps = true;
                    pps = cache(pps, ppsLength, b, start, n);
                    ppsLength = n;
                } else if (type == H264Nal.IDR && !(hasSps && hasPps) && spsLength > 0 && ppsLength > 0) {
                    if (!hasSps) {
                        addUnit(sps, 0, spsLength);
                    }
                    if (!hasPps) {
                        addUnit(pps, 0, ppsLength);
                    }
                    hasSps = true;
                    hasPps = true;
                }
                addUnit(b, start, n);
            }
            sc = next;
        }
    }

    private void addUnit(byte[] buf, int off, int len) {
        if (len > maxPayloadSize && !fragmentationAllowed) {
            droppedNals++;
            return;
        }
        if (unitCount == unitBuf.length) {
            unitBuf = Arrays.copyOf(unitBuf, unitCount * 2);
            unitOff = Arrays.copyOf(unitOff, unitCount * 2);
            unitLen = Arrays.copyOf(unitLen, unitCount * 2);
        }
        unitBuf[unitCount] = buf;
        unitOff[unitCount] = off;
        unitLen[unitCount] = len;
        unitCount++;
    }

    private static byte[] cache(byte[] cached, int cachedLength, byte[] src, int off, int len) {
        if (cachedLength == len && Arrays.equals(cached, 0, len, src, off, off + len)) {
            return cached;
        }
        byte[] target = cached.length >= len ? cached : new byte[Math.max(len, cached.length * 2)];
        System.arraycopy(src, off, target, 0, len);
        return target;
    }

    @Override
    public boolean hasNext() {
        return unit < unitCount;
    }

    @Override
    public int next(byte[] out, int off) {
        if (unit >= unitCount) {
            throw new IllegalStateException("no payload left");
        }
        int len = unitLen[unit];
        if (fuPosition == 0 && len <= maxPayloadSize) {
            int count = aggregate ? aggregatable() : 1;
            return count >= 2 ? writeAggregate(out, off, count) : writeSingle(out, off);
        }
        return writeFragment(out, off);
    }

    /** How many NAL units from the current one fit together in one STAP-A. */
    private int aggregatable() {
        int total = 1;
        int count = 0;
        for (int u = unit; u < unitCount; u++) {
            int t = total + 2 + unitLen[u];
            if (t > maxPayloadSize) {
                break;
            }
            total = t;
            count++;
        }
        return count;
    }

    private int writeSingle(byte[] out, int off) {
        int len = unitLen[unit];
        System.arraycopy(unitBuf[unit], unitOff[unit], out, off, len);
        unit++;
        return len;
    }

    /** §5.7.1: F is the OR and NRI the maximum of the aggregated units' values. */
    private int writeAggregate(byte[] out, int off, int count) {
        int f = 0;
        int nri = 0;
        int pos = off + 1;
        for (int i = 0; i < count; i++, unit++) {
            int header = unitBuf[unit][unitOff[unit]] & 0xff;
            f |= header & 0x80;
            nri = Math.max(nri, header & 0x60);
            int len = unitLen[unit];
            out[pos] = (byte) (len >>> 8);
            out[pos + 1] = (byte) len;
            System.arraycopy(unitBuf[unit], unitOff[unit], out, pos + 2, len);
            pos += 2 + len;
        }
        out[off] = (byte) (f | nri | H264Nal.STAP_A);
        return pos - off;
    }

    /** §5.8: the NAL header travels split into the FU indicator (F, NRI) and the FU header (type). */
    private int writeFragment(byte[] out, int off) {
        byte[] b = unitBuf[unit];
        int start = unitOff[unit];
        int len = unitLen[unit];
        int header = b[start] & 0xff;
        boolean first = fuPosition == 0;
        if (first) {
            fuPosition = 1;
        }
        int chunk = Math.min(maxPayloadSize - FU_HEADER_LENGTH, len - fuPosition);
        boolean last = fuPosition + chunk == len;
        out[off] = (byte) ((header & 0xe0) | H264Nal.FU_A);
        out[off + 1] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1f));
        System.arraycopy(b, start + fuPosition, out, off + FU_HEADER_LENGTH, chunk);
        fuPosition += chunk;
        if (last) {
            fuPosition = 0;
            unit++;
        }
        return FU_HEADER_LENGTH + chunk;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /** NAL units left out in packetization-mode 0 because they were larger than the payload size. */
    public long droppedNals() {
        return droppedNals;
    }

    /** Frames that held no Annex B start code, so nothing was sent. */
    public long framesWithoutNal() {
        return framesWithoutNal;
    }
}
