/**
 * Real SIP peers for integration tests, all on 127.0.0.1: baresip phones ({@link
 * org.confero.server.peers.BaresipPhone}, {@link org.confero.server.peers.BaresipPhones}), SIPp ({@link
 * org.confero.server.peers.SippRunner}), ffmpeg-made media files ({@link org.confero.server.peers.FfmpegTools}),
 * and the measurement of what a phone heard ({@link org.confero.server.peers.Wav},
 * {@link org.confero.server.peers.ToneAnalysis}). Video: ffmpeg colour senders ({@link
 * org.confero.server.peers.FfmpegVideoSender}), the ffmpeg pixel oracle ({@link
 * org.confero.server.peers.RtpVideoReceiver}), frames as {@link org.confero.server.peers.RgbImage}, and baresip
 * phones with fakevideo whose received picture is saved with {@code snapshot_recv}. Every process is owned by an AutoCloseable and killed at close;
 * files go to {@code target/peers/} and stay there for diagnostics.
 *
 * <p>baresip 1.0 behaviour verified on this machine (see {@code BaresipDirectCallTest}):
 * <ul>
 *   <li>{@code ausine,<hz>} honours the frequency and sends a constant sine of amplitude 0.5 (−6.0 dBFS, identical
 *       channels). Through baresip's 48 kHz → 8/16 kHz resampler the level moves by about ±1 dB with frequency
 *       (PCMU: 700 Hz −6.7, 1100 Hz −5.7 dBFS), so assert with margins, not exact levels.</li>
 *   <li>The sndfile filter writes {@code <snd_path>/dump-<yyyy-mm-dd-hh-mm-ss>-dec.wav} (heard, at the decoder's
 *       rate: 8 kHz mono for G.711, 16 kHz mono for G.722, 48 kHz stereo for Opus) and {@code …-enc.wav} (sent,
 *       after resampling), from the first packet to the end of the call. The name has one-second resolution:
 *       two calls of one phone within the same second overwrite each other.</li>
 *   <li>G.711 makes spurs on a tone whose period is a whole number of samples: a 700 Hz tone through PCMU also
 *       shows about −55 dBFS at 1100 Hz (any multiple of 100 Hz). Absent tones otherwise measure below −60.</li>
 *   <li>ctrl_tcp events: CALL_LOCAL_SDP, CALL_RINGING, CALL_REMOTE_SDP, CALL_ESTABLISHED, CALL_RTPESTAB,
 *       CALL_RTCP (periodic), CALL_CLOSED (param = reason), REGISTERING, REGISTER_OK, REGISTER_FAIL (param
 *       "403 Forbidden"), SHUTDOWN, EXIT. Commands: dial, accept, hangup, mute (a toggle: the phone sends
 *       digital silence), quit, uanew, reginfo, listcalls, callstat. Events sent before the harness connects are
 *       lost, which is why registering accounts are created with uanew after connecting.</li>
 *   <li>Account codec names: {@code PCMU}, {@code PCMA}, {@code G722/16000/1}, {@code opus/48000/2}; plain
 *       {@code G722} or {@code opus} match nothing and baresip silently falls back to another codec.</li>
 *   <li>Video (fakevideo, {@code BaresipVideoCallTest}): {@code snapshot_recv PATH} and {@code snapshot_send PATH}
 *       work as ctrl_tcp commands (stdin is not needed) and write a PNG to exactly PATH at the next frame
 *       ("png: wrote PATH" in the log). fakevideo's bars arrive as 235,15,16 / 15,233,15 / 16,15,235 through both
 *       VP8 and H.264 (the log says "Set video encoder: H264 packetization-mode=0" for {@code video_codecs=H264}).
 *       CALL_LOCAL_SDP carries only "offer"/"answer", not the SDP.</li>
 * </ul>
 */
package org.confero.server.peers;
