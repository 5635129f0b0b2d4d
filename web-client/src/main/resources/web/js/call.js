// One WebRTC session with the server: a single bundled PeerConnection with an audio transceiver, a camera
// transceiver (the server's composite comes back on it) and, once the user shared their screen, a screen transceiver.

const ANSWER_TIMEOUT_MS = 15000;
// ICE and DTLS on a working network take well under a second; through TURN a few. Beyond this the page says so.
const MEDIA_CONNECT_TIMEOUT_MS = 20000;
// A connection that stays "disconnected" this long is treated as failed.
const DISCONNECTED_GRACE_MS = 10000;

export class Call {
  /**
   * @param iceServers from the server's "joined" message (TURN entries carry time-limited credentials)
   * @param iceTransportPolicy "all", or "relay" when the server wants media through TURN only
   * @param handlers { candidate(c), offer(sdp), track(event), state(connectionState), failed(reason) }
   * @throws Error when the browser refuses the configuration (e.g. a TURN URL without credentials)
   */
  constructor(iceServers, iceTransportPolicy, handlers) {
    this.pc = new RTCPeerConnection({
      iceServers: iceServers || [],
      iceTransportPolicy: iceTransportPolicy === 'relay' ? 'relay' : 'all',
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    this.handlers = handlers;
    this.candidateErrors = [];
    this.pc.addEventListener('icecandidateerror', (e) => {
      // e.g. 401 from a TURN server that refused the credentials, 701 when it cannot be reached.
      this.candidateErrors.push(`${e.url || 'ICE server'}: ${e.errorCode} ${e.errorText || ''}`.trim());
    });
    this.watchConnection();
    this.pendingCandidates = [];
    this.localCandidates = 0;
    this.pc.addEventListener('icecandidate', (e) => {
      if (e.candidate) {
        this.localCandidates += 1;
      }
      handlers.candidate(e.candidate
        ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex }
        : { candidate: '', sdpMid: null, sdpMLineIndex: null });
    });
    this.pc.addEventListener('track', handlers.track);
    this.pc.addEventListener('connectionstatechange', () => handlers.state(this.pc.connectionState));
    this.audio = null;
    this.video = null;
    this.screen = null;
    // Offers go out one at a time: a re-offer waits until the previous answer was applied.
    this.negotiation = Promise.resolve();
    this.awaitingAnswer = null;
  }

  /**
   * Reports a media connection that fails, never connects within MEDIA_CONNECT_TIMEOUT_MS, or stays
   * disconnected for DISCONNECTED_GRACE_MS, through handlers.failed: the page must never hang at "Connecting".
   */
  watchConnection() {
    const fail = (why) => {
      if (this.closed) {
        return;
      }
      this.closed = true;
      clearTimeout(this.connectTimer);
      clearTimeout(this.disconnectTimer);
      const details = this.candidateErrors.length ? ` (${this.candidateErrors.slice(0, 3).join('; ')})` : '';
      this.handlers.failed(why + details);
    };
    this.connectTimer = setTimeout(() => fail('The media connection could not be set up in time.'),
      MEDIA_CONNECT_TIMEOUT_MS);
    this.pc.addEventListener('icegatheringstatechange', () => {
      // Nothing gathered and the ICE servers refused us (e.g. TURN 401 with relay only): no need to wait.
      if (this.pc.iceGatheringState === 'complete' && this.localCandidates === 0 && this.candidateErrors.length) {
        fail('No network path for media could be found.');
      }
    });
    this.pc.addEventListener('connectionstatechange', () => {
      const state = this.pc.connectionState;
      if (state === 'connected') {
        clearTimeout(this.connectTimer);
        clearTimeout(this.disconnectTimer);
      } else if (state === 'failed') {
        fail('The media connection failed.');
      } else if (state === 'disconnected') {
        clearTimeout(this.disconnectTimer);
        this.disconnectTimer = setTimeout(() => fail('The media connection was lost.'), DISCONNECTED_GRACE_MS);
      }
    });
  }

  /**
   * Adds the microphone (or a receive-only audio slot) and a sendrecv video slot: the camera when on, and the
   * server's composite video comes back on the same transceiver.
   */
  addLocal(micTrack, cameraTrack) {
    this.audio = this.pc.addTransceiver(micTrack || 'audio', { direction: micTrack ? 'sendrecv' : 'recvonly' });
    const stream = new MediaStream([micTrack, cameraTrack].filter(Boolean));
    if (micTrack) {
      this.audio.sender.setStreams(stream);
    }
    this.video = this.pc.addTransceiver(cameraTrack || 'video', { direction: 'sendrecv', streams: [stream] });
    preferServerVideoCodecs(this.video);
  }

  /** Sends an offer and resolves once its answer is applied; rejects if the server refused it. */
  negotiate() {
    const run = this.negotiation.then(() => this.offerOnce());
    this.negotiation = run.catch(() => {});
    return run;
  }

  async offerOnce() {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    const answered = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the server')), ANSWER_TIMEOUT_MS);
      this.awaitingAnswer = {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
    });
    this.handlers.offer(this.pc.localDescription.sdp);
    try {
      await answered;
    } catch (e) {
      // Back to the last agreed session, so that the call carries on as it was (RFC 8829 §4.1.10.2).
      if (this.pc.signalingState === 'have-local-offer') {
        await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
      }
      throw e;
    } finally {
      this.awaitingAnswer = null;
    }
  }

  /** True while an offer waits for its answer (a refusal of it is not fatal to the call). */
  get offering() {
    return this.awaitingAnswer !== null;
  }

  async applyAnswer(sdp) {
    if (this.pc.signalingState !== 'have-local-offer') {
      // An answer to an offer we already gave up on (timed out and rolled back).
      console.warn('answer ignored in state', this.pc.signalingState);
      return;
    }
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (e) {
      this.awaitingAnswer?.reject(e);
      throw e;
    }
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of queued) {
      await this.addRemoteCandidate(c);
    }
    this.awaitingAnswer?.resolve();
  }

  /** The server refused the offer in flight (bad-sdp, no-common-codec). */
  offerRefused(reason) {
    this.awaitingAnswer?.reject(new Error(reason));
  }

  /** A trickled server candidate; an empty one means end of candidates. Queued until the answer arrived. */
  async addRemoteCandidate(c) {
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(c);
      return;
    }
    const init = c.candidate
      ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex }
      : { candidate: '', sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex };
    await this.pc.addIceCandidate(init).catch((e) => console.warn('candidate refused', e));
  }

  /** Switches the outgoing camera without renegotiation (null = camera off). */
  async replaceCamera(track) {
    if (this.video) {
      await this.video.sender.replaceTrack(track);
    }
  }

  /**
   * Sends the screen as a second video track. The first share adds a transceiver; later ones reuse it, so the
   * session never grows beyond three media sections. Renegotiates (a re-offer on the same signalling).
   */
  async startScreen(track) {
    if (this.screen) {
      await this.screen.sender.replaceTrack(track);
      this.screen.sender.setStreams(new MediaStream([track]));
      this.screen.direction = 'sendonly';
    } else {
      this.screen = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [new MediaStream([track])] });
      preferServerVideoCodecs(this.screen);
    }
    try {
      await this.negotiate();
    } catch (e) {
      // Rolled back: keep the transceiver, silent, for a later attempt.
      await this.screen.sender.replaceTrack(null);
      this.screen.direction = 'inactive';
      throw e;
    }
  }

  /** Stops sending the screen: the transceiver goes inactive (renegotiated) and is kept for the next share. */
  async stopScreen() {
    if (!this.screen || this.screen.direction === 'inactive') {
      return;
    }
    await this.screen.sender.replaceTrack(null);
    this.screen.direction = 'inactive';
    await this.negotiate();
  }

  close() {
    this.closed = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.disconnectTimer);
    this.awaitingAnswer?.reject(new Error('call closed'));
    this.pc.close();
  }
}

/**
 * The server decodes only VP8 and H.264 (Constrained Baseline, packetization-mode 1), so the offer lists those,
 * VP8 first, plus RTX for retransmissions. Browsers without setCodecPreferences send their full list; the server's
 * answer then picks VP8 or H.264 from it.
 */
export function preferServerVideoCodecs(transceiver) {
  const caps = typeof RTCRtpReceiver !== 'undefined' && RTCRtpReceiver.getCapabilities?.('video');
  if (!caps || typeof transceiver.setCodecPreferences !== 'function') {
    return;
  }
  const codecs = caps.codecs;
  const vp8 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/vp8');
  const h264 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/h264'
    && /profile-level-id=42e01f/i.test(c.sdpFmtpLine || '')
    && /packetization-mode=1/.test(c.sdpFmtpLine || ''));
  const rtx = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/rtx');
  if (vp8.length + h264.length === 0) {
    return;
  }
  try {
    transceiver.setCodecPreferences([...vp8, ...h264, ...rtx]);
  } catch (e) {
    console.warn('codec preferences refused; offering every codec', e);
  }
}
