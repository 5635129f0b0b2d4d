/**
 * RTP and RTCP for the media engine: parsing and writing in place, per-stream statistics, the audio jitter
 * buffer and DTMF events. No sockets and no crypto: packets arrive here already decrypted.
 *
 * <p>Receive route for one audio stream (transport thread → mixer thread):
 * <pre>
 *   datagram ─ RtpPacket.isRtcp? ─yes→ RtcpParser.parse(…, listener) → ReceiveStatistics.onSenderReport,
 *      │                                  SenderStatistics.onReportBlock (RTT), NACK/PLI/FIR/REMB handlers
 *      no
 *      ├→ RtpPacket.wrap → ReceiveStatistics.onPacket (A.1 validation, A.3 loss, A.8 jitter)
 *      ├→ telephone-event PT? → TelephoneEventDecoder.onPacket → onDigit
 *      └→ JitterBuffer.insert (copies)   …   mixer tick: JitterBuffer.poll → PACKET | LOST | NOTHING → decoder
 * </pre>
 * Send route: {@link org.confero.mixer.rtp.RtpPacket#writeHeader} + payload,
 * {@link org.confero.mixer.rtp.SenderStatistics#onPacketSent}; periodically an SR
 * ({@link org.confero.mixer.rtp.SenderStatistics#writeSenderReport}) or RR
 * ({@link org.confero.mixer.rtp.RtcpWriter#writeReceiverReport}) with
 * {@link org.confero.mixer.rtp.ReceiveStatistics#reportBlock} blocks, then SDES CNAME
 * ({@link org.confero.mixer.rtp.RtcpWriter#writeSdesCname}).
 *
 * <p>Buffers: {@link org.confero.mixer.rtp.PacketBuffer} keeps headroom and 32 bytes of tailroom, because
 * SRTP AEAD_AES_128_GCM appends a 16-byte tag in place.
 */
package org.confero.mixer.rtp;
