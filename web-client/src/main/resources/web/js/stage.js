// The stage: the room's composite video as the server lays it out. Until its frames flow (and whenever the track
// mutes or ends) the stage shows a calm "Waiting for video…" instead of a black or frozen picture.

export class Stage {
  /** @param root the stage element; video the stage <video>; placeholder shown while there is no picture */
  constructor(root, video, placeholder) {
    this.root = root;
    this.video = video;
    this.placeholder = placeholder;
    this.track = null;
    this.update = () => this.show(this.playing() ? 'playing' : 'waiting');
    for (const type of ['loadeddata', 'playing', 'emptied', 'stalled']) {
      video.addEventListener(type, this.update);
    }
    this.show('waiting');
  }

  /** The composite arrived (ontrack on the camera transceiver). */
  attach(track) {
    this.detach();
    this.track = track;
    for (const type of ['mute', 'unmute', 'ended']) {
      track.addEventListener(type, this.update);
    }
    this.video.srcObject = new MediaStream([track]);
    // Muted video may autoplay everywhere; the room's sound plays on its own <audio>.
    this.video.play().catch(() => {});
    this.update();
  }

  detach() {
    if (this.track) {
      for (const type of ['mute', 'unmute', 'ended']) {
        this.track.removeEventListener(type, this.update);
      }
    }
    this.track = null;
    this.video.srcObject = null;
    this.show('waiting');
  }

  /** Frames are flowing: a live, unmuted track (a remote track unmutes with its first packets) and a frame. */
  playing() {
    const t = this.track;
    return Boolean(t) && t.readyState === 'live' && !t.muted
      && this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
  }

  show(state) {
    // The video stays rendered (only made invisible) so that the browser keeps decoding into it.
    this.root.dataset.video = state;
    this.placeholder.hidden = state === 'playing';
    this.video.setAttribute('aria-hidden', String(state !== 'playing'));
  }
}
