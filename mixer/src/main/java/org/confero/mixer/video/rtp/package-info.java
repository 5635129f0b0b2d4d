/**
 * Video over RTP for the MCU: VP8 (RFC 7741) and H.264 (RFC 6184) payload formats, frame assembly with loss
 * recovery, and the sender-side helpers that answer receivers' feedback. No sockets, no crypto, no signalling.
 *
 * <p>Receive route for one incoming video stream (its worker thread):
 * <pre>
 *   RTP packet (decrypted, SSRC/PT checked) → FrameAssembler.onPacket
 *      → reorder window (pooled buffers) → complete frame → VideoDepacketizer (Vp8/H264) → EncodedFrame
 *      → FrameAssemblerListener.onFrame → decoder
 *   every ~10 ms: FrameAssembler.onTimer → listener.sendNack (RtcpWriter.writeNack)
 *                                        → listener.requestKeyframe (RtcpWriter.writePli / writeFir)
 * </pre>
 * Send route for one encoder (its encoder thread):
 * <pre>
 *   KeyframeRequestLimiter.poll → encode (keyframe?) → VideoPacketizer.begin/next → RtpPacket.writeHeader
 *      → RetransmissionCache.store → per-receiver rewrite → protect → send
 *   RTCP thread: RtcpParser → onPli/onFir → KeyframeRequestLimiter.request;
 *                onNack → RetransmissionCache.lookup → re-send
 * </pre>
 */
package org.confero.mixer.video.rtp;
