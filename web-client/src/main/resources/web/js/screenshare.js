// Screen sharing: the screen goes to the server as a second video track (a re-offer on the same signalling), and
// "share" messages tell the server to show the presenter layout while it lasts (docs/signalling.md).
import { setButton } from './icons.js';

export class ScreenShare {
  /**
   * @param button the share button
   * @param env { call() the current Call or null, send(msg), status(text) }
   */
  constructor(button, env) {
    this.button = button;
    this.env = env;
    this.track = null;
    this.busy = false;
    // Phones and some browsers cannot capture the screen at all: offer no button there.
    this.supported = Boolean(navigator.mediaDevices?.getDisplayMedia);
    button.hidden = !this.supported;
    button.addEventListener('click', () => (this.track ? this.stop() : this.start()));
    this.draw();
  }

  get sharing() {
    return this.track !== null;
  }

  async start() {
    const call = this.env.call();
    if (!this.supported || this.busy || this.track || !call) {
      return;
    }
    this.busy = true;
    this.draw();
    try {
      let stream;
      try {
        stream = await navigator.mediaDevices.getDisplayMedia({
          video: { frameRate: { ideal: 15, max: 30 } },
          audio: false,
        });
      } catch (e) {
        this.env.status(e.name === 'NotAllowedError' ? 'Screen sharing was cancelled.'
          : 'Your screen could not be shared.');
        return;
      }
      const track = stream.getVideoTracks()[0];
      // Text and slides: keep them sharp rather than smooth.
      track.contentHint = 'detail';
      // The browser's own "Stop sharing" bar ends the track.
      track.addEventListener('ended', () => this.stop());
      try {
        await call.startScreen(track);
      } catch (e) {
        track.stop();
        this.env.status('The meeting could not receive your screen.');
        console.warn('screen share negotiation', e);
        return;
      }
      if (track.readyState === 'ended' || this.env.call() !== call) {
        // Stopped (or the call ended) while the server was still answering.
        track.stop();
        await call.stopScreen().catch(() => {});
        return;
      }
      this.track = track;
      this.env.send({ type: 'share', on: true });
      this.env.status('You are sharing your screen.');
    } finally {
      this.busy = false;
      this.draw();
    }
  }

  async stop() {
    if (!this.track) {
      return;
    }
    const track = this.track;
    this.track = null;
    track.stop();
    this.env.send({ type: 'share', on: false });
    this.env.status('You stopped sharing your screen.');
    this.draw();
    await this.env.call()?.stopScreen().catch((e) => console.warn('screen share stop', e));
  }

  /** The call ended: the track stops; there is no one left to tell. */
  reset() {
    this.track?.stop();
    this.track = null;
    this.busy = false;
    this.draw();
  }

  draw() {
    const on = this.track !== null;
    setButton(this.button, 'screen', on ? 'Stop sharing' : 'Share screen');
    this.button.setAttribute('aria-pressed', String(on));
    this.button.disabled = this.busy;
  }
}
