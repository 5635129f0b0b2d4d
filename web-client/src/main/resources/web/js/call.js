// One WebRTC session with the server: a single bundled PeerConnection with an audio transceiver, a camera
// transceiver (the server's composite comes back on it) and, once the user shared their screen, a screen transceiver.

const ANSWER_TIMEOUT_MS = 15000;
// ICE and DTLS on a working network take well under a second; through TURN a few. Beyond this the page says so.
const MEDIA_CONNECT_TIMEOUT_MS = 20000;
// ICE restart (RFC 8445 §9) when the network changes: after "failed", or "disconnected" for this long (a short
// blip recovers by itself), the page sends a re-offer with new ICE credentials on the same session. The server
// keeps the participant, its place in the mix and the DTLS keys; only the network path changes.
const RESTART_AFTER_DISCONNECTED_MS = 2000;
// One restart attempt gets this long to reconnect before the next one; after MAX_ICE_RESTARTS the call fails.
const RESTART_TIMEOUT_MS = 10000;
const MAX_ICE_RESTARTS = 3;
// Browsers take a while to call a dead path "disconnected", longer than the server waits for a silent browser
// (7 s). The server sends consent checks every 2 s and audio every 20 ms, so a selected pair on which nothing at
// all arrived for this long is dead: restart at once.
const SILENT_PATH_MS = 2500;
const SILENCE_POLL_MS = 500;

export class Call {
  /**
   * @param iceServers from the server's "joined" message (TURN entries carry time-limited credentials)
   * @param iceTransportPolicy "all", or "relay" when the server wants media through TURN only
   * @param handlers { candidate(c), offer(sdp), track(event), state(connectionState), failed(reason),
   *     restarting(), restored() } — the last two around an ICE restart
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
   * Reports a media connection that fails, or never connects within MEDIA_CONNECT_TIMEOUT_MS, through
   * handlers.failed: the page must never hang at "Connecting". Once connected, a lost connection is restarted
   * (ICE restart) up to MAX_ICE_RESTARTS times before it counts as failed.
   */
  watchConnection() {
    this.everConnected = false;
    this.restarting = false;
    this.restartsFailed = 0;
    this.connectTimer = setTimeout(() => this.fail('The media connection could not be set up in time.'),
      MEDIA_CONNECT_TIMEOUT_MS);
    this.pc.addEventListener('icegatheringstatechange', () => {
      // Nothing gathered and the ICE servers refused us (e.g. TURN 401 with relay only): no need to wait.
      if (this.pc.iceGatheringState === 'complete' && this.localCandidates === 0 && this.candidateErrors.length) {
        this.fail('No network path for media could be found.');
      }
    });
    this.pc.addEventListener('iceconnectionstatechange', () => {
      const state = this.pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') {
        clearTimeout(this.disconnectTimer);
      } else if (state === 'failed') {
        this.restartIce();
      } else if (state === 'disconnected' && !this.restarting) {
        clearTimeout(this.disconnectTimer);
        this.disconnectTimer = setTimeout(() => this.restartIce(), RESTART_AFTER_DISCONNECTED_MS);
      }
    });
    this.pc.addEventListener('connectionstatechange', () => {
      const state = this.pc.connectionState;
      if (state === 'connected') {
        this.everConnected = true;
        clearTimeout(this.connectTimer);
        if (!this.silenceTimer) {
          this.silenceTimer = setInterval(() => this.checkSilence(), SILENCE_POLL_MS);
        }
      } else if (state === 'failed' && (!this.everConnected || this.pc.iceConnectionState !== 'failed')) {
        // never connected, or DTLS failed on a working path: a restart of the path would not help
        this.fail('The media connection failed.');
      }
    });
  }

  /** Restarts ICE when nothing (media, RTCP or STUN) arrived on the selected pair for SILENT_PATH_MS. */
  async checkSilence() {
    if (this.closed || this.restarting) {
      return;
    }
    const stats = await this.pc.getStats().catch(() => null);
    let pair = null;
    stats?.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        pair = stats.get(s.selectedCandidatePairId);
      }
    });
    if (pair?.lastPacketReceivedTimestamp && pair.timestamp - pair.lastPacketReceivedTimestamp > SILENT_PATH_MS) {
      this.restartIce();
    }
  }

  fail(why) {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.silenceTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.disconnectTimer);
    clearTimeout(this.restartTimer);
    const details = this.candidateErrors.length ? ` (${this.candidateErrors.slice(0, 3).join('; ')})` : '';
    this.handlers.failed(why + details);
  }

  /**
   * ICE restart on the same session (no new identity): new ICE credentials in a re-offer, answered by the server
   * with its own new ones. One attempt at a time; an attempt that does not reach a new selected pair within
   * RESTART_TIMEOUT_MS (or that the server refuses) counts as failed and the next one starts.
   */
  async restartIce() {
    clearTimeout(this.disconnectTimer);
    if (this.closed || !this.everConnected || this.restarting) {
      return;
    }
    if (this.restartsFailed >= MAX_ICE_RESTARTS) {
      this.fail(`The media connection was lost and ${MAX_ICE_RESTARTS} attempts to restore it failed.`);
      return;
    }
    this.restarting = true;
    const attempt = (this.restartAttempt = (this.restartAttempt || 0) + 1);
    this.handlers.restarting?.();
    this.restartTimer = setTimeout(() => {
      this.restarting = false;
      this.restartsFailed += 1;
      this.restartIce();
    }, RESTART_TIMEOUT_MS);
    const before = await this.selectedPairId();
    this.pc.restartIce();
    try {
      await this.negotiate();
    } catch (e) {
      console.warn('ICE restart offer refused', e);
      return; // the attempt's timer counts it
    }
    // Done when ICE is up on a pair of the new generation (a working old pair stays "connected" meanwhile).
    while (this.restarting && this.restartAttempt === attempt && !this.closed) {
      const state = this.pc.iceConnectionState;
      if ((state === 'connected' || state === 'completed') && (await this.selectedPairId()) !== before) {
        this.restarting = false;
        this.restartsFailed = 0;
        clearTimeout(this.restartTimer);
        this.handlers.restored?.();
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The id of the selected ICE candidate pair (getStats), or '' when there is none. */
  async selectedPairId() {
    const stats = await this.pc.getStats().catch(() => null);
    let id = '';
    stats?.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        id = s.selectedCandidatePairId;
      }
    });
    return id;
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
    clearInterval(this.silenceTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.disconnectTimer);
    clearTimeout(this.restartTimer);
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
