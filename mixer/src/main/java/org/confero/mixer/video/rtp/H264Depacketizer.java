package org.confero.mixer.video.rtp;

import java.util.Arrays;
import org.confero.mixer.video.EncodedFrame;

/**
 * H.264 RTP depacketizer (RFC 6184) for packetization-mode 0 and 1: single NAL unit packets (§5.6), STAP-A
 * (§5.7.1) and FU-A (§5.8). Writes an Annex B access unit, {@code 00 00 00 01} before every NAL unit.
 *
 * <p>It remembers the latest SPS and PPS it saw and writes them in front of an IDR slice when the access unit
 * did not carry them (e.g. the sender sent them out of band or in an earlier frame), so every keyframe it
 * produces decodes on its own. A frame is a keyframe when it holds an IDR slice. STAP-B, MTAP and FU-B
 * (mode 2) and undefined types are refused as malformed.
 *
 * <p>One instance per stream and thread; no allocation per packet (the parameter-set caches grow rarely).
 */
public final class H264Depacketizer implements VideoDepacketizer {
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;

    private byte[] sps = new byte[64];
    private int spsLength;
    private byte[] pps = new byte[64];
    private int ppsLength;

    private final byte[] oneByte = new byte[1];

    private boolean sawSps;
    private boolean sawPps;
    private boolean sawIdr;
    private boolean fuOpen;
    private int fuType;
    private int nalStart; // offset in the frame of the NAL being written (after its start code)

    @Override
    public boolean isFrameStart(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return false;
        }
        int type = H264Nal.type(buf[off]);
        if (type == H264Nal.STAP_A) {
            // First aggregated NAL: 2-octet size then its header.
            return len >= 4 && H264Nal.startsPicture(H264Nal.type(buf[off + 3]), len > 4 ? buf[off + 4] & 0xff : -1);
        }
        if (type == H264Nal.FU_A) {
            return len >= 3 && (buf[off + 1] & FU_START) != 0
                    && H264Nal.startsPicture(H264Nal.type(buf[off + 1]), buf[off + 2] & 0xff);
        }
        return H264Nal.startsPicture(type, len > 1 ? buf[off + 1] & 0xff : -1);
    }

    @Override
    public void beginFrame() {
        sawSps = false;
        sawPps = false;
        sawIdr = false;
        fuOpen = false;
    }

    @Override
    public DepacketizeResult append(EncodedFrame frame, byte[] buf, int off, int len, int maxFrameBytes) {
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return DepacketizeResult.MALFORMED;
        }
        int type = H264Nal.type(buf[off]);
        if (type == H264Nal.FU_A) {
            return appendFragment(frame, buf, off, len, maxFrameBytes);
        }
        if (fuOpen) {
            return DepacketizeResult.MALFORMED; // §5.8: a fragmented NAL unit ended without its E bit
        }
        if (type == H264Nal.STAP_A) {
            return appendAggregate(frame, buf, off, len, maxFrameBytes);
        }
        if (type < 1 || type > 23) {
            return DepacketizeResult.MALFORMED;
        }
        return appendNal(frame, buf, off, len, maxFrameBytes);
    }

    /** §5.7.1: STAP-A header, then (16-bit size, NAL unit)*. Checked whole before anything is written. */
    private DepacketizeResult appendAggregate(EncodedFrame frame, byte[] buf, int off, int len, int max) {
        int end = off + len;
        int pos = off + 1;
        int units = 0;
        while (pos < end) {
            if (end - pos < 2) {
                return DepacketizeResult.MALFORMED;
            }
            int size = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
            if (size == 0 || size > end - pos - 2) {
                return DepacketizeResult.MALFORMED;
            }
            int t = H264Nal.type(buf[pos + 2]);
            if (t < 1 || t > 23) {
                return DepacketizeResult.MALFORMED;
            }
            pos += 2 + size;
            units++;
        }
        if (units == 0) {
            return DepacketizeResult.MALFORMED;
        }
        for (pos = off + 1; pos < end;) {
            int size = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
            DepacketizeResult r = appendNal(frame, buf, pos + 2, size, max);
            if (r != DepacketizeResult.OK) {
                return r;
            }
            pos += 2 + size;
        }
        return DepacketizeResult.OK;
    }

    /** §5.8: FU indicator (F, NRI, type 28), FU header (S, E, R, type), fragment. */
    private DepacketizeResult appendFragment(EncodedFrame frame, byte[] buf, int off, int len, int max) {
        if (len < 3) {
            return DepacketizeResult.MALFORMED; // indicator + header + at least one byte
        }
        int header = buf[off + 1] & 0xff;
        boolean start = (header & FU_START) != 0;
        boolean end = (header & FU_END) != 0;
        int type = header & 0x1f;
        if ((start && end) || type < 1 || type > 23) {
            return DepacketizeResult.MALFORMED; // §5.8: S and E must not both be set
        }
        if (start) {
            if (fuOpen) {
                return DepacketizeResult.MALFORMED;
            }
            // The NAL header is rebuilt from the indicator's F and NRI and the FU header's type.
            byte nalHeader = (byte) ((buf[off] & 0xe0) | type);
            DepacketizeResult r = startNal(frame, type, 5 + len - 2, max);
            if (r != DepacketizeResult.OK) {
                return r;
            }
            appendByte(frame, nalHeader);
            fuOpen = true;
            fuType = type;
        } else if (!fuOpen || type != fuType) {
            return DepacketizeResult.MALFORMED; // a middle or end fragment without its start
        }
        if (len - 2 > max - frame.length()) {
            return DepacketizeResult.OVERSIZE;
        }
        frame.append(buf, off + 2, len - 2);
        if (end) {
            fuOpen = false;
            nalComplete(frame, fuType);
        }
        return DepacketizeResult.OK;
    }

    private DepacketizeResult appendNal(EncodedFrame frame, byte[] buf, int off, int len, int max) {
        int type = H264Nal.type(buf[off]);
        DepacketizeResult r = startNal(frame, type, 4 + len, max);
        if (r != DepacketizeResult.OK) {
            return r;
        }
        frame.append(buf, off, len);
        nalComplete(frame, type);
        return DepacketizeResult.OK;
    }

    /** Writes the start code, first the cached SPS/PPS if an IDR comes without them. */
    private DepacketizeResult startNal(EncodedFrame frame, int type, int needed, int max) {
        if (type == H264Nal.IDR && !(sawSps && sawPps) && spsLength > 0 && ppsLength > 0) {
            if (8 + spsLength + ppsLength > max - frame.length()) {
                return DepacketizeResult.OVERSIZE;
            }
            if (!sawSps) {
                frame.appendStartCode();
                frame.append(sps, 0, spsLength);
            }
            if (!sawPps) {
                frame.appendStartCode();
                frame.append(pps, 0, ppsLength);
            }
            sawSps = true;
            sawPps = true;
        }
        if (needed > max - frame.length()) {
            return DepacketizeResult.OVERSIZE;
        }
        frame.appendStartCode();
        nalStart = frame.length();
        if (type == H264Nal.IDR) {
            sawIdr = true;
        }
        return DepacketizeResult.OK;
    }

    /** Caches parameter sets as they complete (copied only when they change). */
    private void nalComplete(EncodedFrame frame, int type) {
        int n = frame.length() - nalStart;
        if (type == H264Nal.SPS) {
            sawSps = true;
            if (!same(sps, spsLength, frame.data(), nalStart, n)) {
                sps = ensure(sps, n);
                System.arraycopy(frame.data(), nalStart, sps, 0, n);
                spsLength = n;
            }
        } else if (type == H264Nal.PPS) {
            sawPps = true;
            if (!same(pps, ppsLength, frame.data(), nalStart, n)) {
                pps = ensure(pps, n);
                System.arraycopy(frame.data(), nalStart, pps, 0, n);
                ppsLength = n;
            }
        }
    }

    private void appendByte(EncodedFrame frame, byte b) {
        oneByte[0] = b;
        frame.append(oneByte, 0, 1);
    }

    private static boolean same(byte[] cached, int cachedLength, byte[] buf, int off, int len) {
        return cachedLength == len && Arrays.equals(cached, 0, len, buf, off, off + len);
    }

    private static byte[] ensure(byte[] a, int n) {
        return a.length >= n ? a : new byte[Math.max(n, a.length * 2)];
    }

    @Override
    public DepacketizeResult finishFrame(EncodedFrame frame) {
        if (fuOpen || frame.length() == 0) {
            return DepacketizeResult.MALFORMED;
        }
        // A keyframe is one a decoder can start from: an IDR with the parameter sets it refers to.
        frame.keyframe(sawIdr && sawSps && sawPps);
        return DepacketizeResult.OK;
    }
}
