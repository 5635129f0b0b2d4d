package org.confero.mixer.rtp;

/** RTCP packet types and feedback formats (RFC 3550 §12.1, RFC 4585 §6.1, RFC 5104 §4.3). */
public final class RtcpType {
    private RtcpType() {}

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback. */
    public static final int PSFB = 206;
    public static final int XR = 207;

    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** Application layer feedback (RFC 4585 §6.4); REMB uses it with the identifier "REMB". */
    public static final int FMT_AFB = 15;

    public static final int SDES_END = 0;
    public static final int SDES_CNAME = 1;
}
