/**
 * The WebRTC media gateway: browsers' ICE, DTLS-SRTP and SRTP on one shared UDP port.
 *
 * <p>How signalling drives it:
 * <pre>
 *   WebRtcGateway gateway = new WebRtcGateway(config.webrtc(), bindAddress, metrics); gateway.start();
 *   WebRtcSession session = gateway.createSession(participantId, mediaHandler, sessionListener);
 *   WebRtcAnswer answer = new WebRtcAnswerer().answer(offer, session);   // throws SdpRejectedException
 *   // send answer.sdp() to the browser; trickled browser candidates: session.addRemoteCandidate(line)
 *   // conference.join(new LegRequest(room, participant, name, BROWSER, answer.audio()), session, ...)
 *   // (org.confero.server.browser.WebRtcBrowserCall does all of this for a signalling socket)
 *   // leaving: session.close()
 * </pre>
 *
 * <p>A packet's route (see {@link org.confero.server.webrtc.MediaTransport}): socket → RFC 7983 demux →
 * DTLS records to Bouncy Castle, SRTP/SRTCP to jitsi-srtp → {@link org.confero.server.webrtc.MediaHandler};
 * and {@link org.confero.server.conference.PacketSender} → our SSRC → SRTP protect → socket.
 *
 * <p>Threads: one reader for the shared UDP port (ice4j push API) decrypts for every session and calls the
 * handlers; a short-lived thread per DTLS handshake; one watchdog (consent, connect timeouts, closing). Senders
 * protect on their own thread.
 *
 * <p>Sub-packages: {@code ice} (ice4j agent per session, shared port, candidate lines), {@code dtls} (certificate,
 * fingerprint, DTLS 1.2 client and server with use_srtp), {@code srtp} (profiles, keys, per-SSRC contexts,
 * pooled packet buffers, demux).
 */
package org.confero.server.webrtc;
