package org.confero.mixer.rtp;

/**
 * Receives the reports of one RTCP compound packet from {@link RtcpParser#parse}, in packet order, on the
 * parsing thread. Only called once the whole compound packet has been validated. Every method has an empty
 * default so a listener implements only what it needs. Arguments are primitives (no allocation per report);
 * SSRCs and 32-bit fields are unsigned values in a long.
 */
public interface RtcpListener {

    /** RFC 3550 §6.4.1 sender info. {@code ntpTimestamp} is the full 64-bit NTP time. */
    default void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {}

    /** An RR (or a reception-report-only RR, RFC 3550 §6.4.2) with {@code blockCount} blocks following. */
    default void onReceiverReport(long ssrc, int blockCount) {}

    /**
     * One report block of an SR or RR (RFC 3550 §6.4.1).
     *
     * @param cumulativeLost signed 24-bit value (negative when duplicates outnumber losses)
     * @param lastSr middle 32 bits of the NTP time of the last SR received from {@code sourceSsrc}, or 0
     * @param delaySinceLastSr in units of 1/65536 s
     */
    default void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extendedHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {}

    /** SDES CNAME item (RFC 3550 §6.5.1). */
    default void onCname(long ssrc, String cname) {}

    /** One SSRC leaving (RFC 3550 §6.6); called once per SSRC listed. */
    default void onBye(long ssrc) {}

    /**
     * One generic NACK FCI entry (RFC 4585 §6.2.1): {@code packetId} is lost, and bit i of {@code lostBitmask}
     * set means {@code packetId + i + 1} is lost too. See {@link RtcpFeedback#forEachNackedSequence}.
     */
    default void onNack(long senderSsrc, long mediaSsrc, int packetId, int lostBitmask) {}

    /** Picture Loss Indication (RFC 4585 §6.3.1). */
    default void onPli(long senderSsrc, long mediaSsrc) {}

    /** One Full Intra Request FCI entry (RFC 5104 §4.3.1): {@code targetSsrc} should send a keyframe. */
    default void onFir(long senderSsrc, long targetSsrc, int commandSequence) {}

    /**
     * Receiver Estimated Max Bitrate (draft-alvestrand-rmcat-remb). The SSRCs it applies to are
     * {@code ssrcCount} unsigned 32-bit values at {@code buf[ssrcOffset]} ({@link Bytes#uint32}); valid only
     * during the call.
     */
    default void onRemb(long senderSsrc, long bitrateBps, byte[] buf, int ssrcOffset, int ssrcCount) {}

    /** A well-formed packet of a type not handled above (APP, XR, other feedback); skipped. */
    default void onOther(int packetType, int countOrFormat) {}
}
