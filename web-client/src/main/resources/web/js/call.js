// One WebRTC session with the server: a single bundled PeerConnection, one audio and one video transceiver.

export class Call {
  /**
   * @param iceServers from the server's "joined" message
   * @param handlers { candidate(c), track(event), state(connectionState) }
   */
  constructor(iceServers, handlers) {
    this.pc = new RTCPeerConnection({
      iceServers: iceServers || [],
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    this.pendingCandidates = [];
    this.pc.addEventListener('icecandidate', (e) => {
      handlers.candidate(e.candidate
        ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex }
        : { candidate: '', sdpMid: null, sdpMLineIndex: null });
    });
    this.pc.addEventListener('track', handlers.track);
    this.pc.addEventListener('connectionstatechange', () => handlers.state(this.pc.connectionState));
    this.audio = null;
    this.video = null;
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
  }

  async createOffer() {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    return this.pc.localDescription.sdp;
  }

  async applyAnswer(sdp) {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of queued) {
      await this.addRemoteCandidate(c);
    }
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

  close() {
    this.pc.close();
  }
}
