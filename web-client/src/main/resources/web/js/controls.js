// The microphone and camera buttons of the call (and their M / V keys). Camera off sends no video (the sender's
// track is replaced by nothing, no renegotiation) and a "mute" with video=true, so others see the initials tile.
import { openCamera, errorText, NO_CAMERA } from './media.js';
import { setButton } from './icons.js';

export class DeviceControls {
  /**
   * @param local { mic, camera, cameraId, audioMuted } shared with the pre-join page
   * @param ui { muteButton, cameraButton, selfView }
   * @param env { call() the current Call or null, send(msg), status(text) }
   */
  constructor(local, ui, env) {
    this.local = local;
    this.ui = ui;
    this.env = env;
    ui.muteButton.addEventListener('click', () => this.toggleMute());
    ui.cameraButton.addEventListener('click', () => this.toggleCamera());
  }

  draw() {
    const { local, ui } = this;
    const muted = local.audioMuted || !local.mic;
    setButton(ui.muteButton, muted ? 'micOff' : 'mic', muted ? 'Unmute' : 'Mute');
    ui.muteButton.setAttribute('aria-pressed', String(muted));
    ui.muteButton.disabled = !local.mic;
    const cameraOn = Boolean(local.camera);
    setButton(ui.cameraButton, cameraOn ? 'cam' : 'camOff', cameraOn ? 'Stop video' : 'Start video');
    ui.cameraButton.setAttribute('aria-pressed', String(!cameraOn));
    // The self-view is the small picture-in-picture corner of the stage; no camera, no corner.
    const shown = ui.selfView.srcObject?.getVideoTracks()[0] || null;
    if (shown !== local.camera) {
      ui.selfView.srcObject = local.camera ? new MediaStream([local.camera]) : null;
    }
    ui.selfView.hidden = !local.camera;
  }

  sendMute() {
    this.env.send({ type: 'mute', audio: this.local.audioMuted || !this.local.mic, video: !this.local.camera });
  }

  toggleMute() {
    const { local } = this;
    if (!local.mic) {
      return;
    }
    if (local.audioMuted && this.env.mayUnmute && !this.env.mayUnmute()) {
      this.env.status('The host muted you; you can unmute when the host allows it.');
      return;
    }
    local.audioMuted = !local.audioMuted;
    local.mic.enabled = !local.audioMuted;
    this.draw();
    this.sendMute();
    this.env.status(local.audioMuted ? 'Microphone muted.' : 'Microphone on.');
  }

  async toggleCamera() {
    const { local } = this;
    if (local.camera) {
      local.camera.stop();
      local.camera = null;
      await this.env.call()?.replaceCamera(null);
    } else {
      try {
        local.camera = await openCamera(local.cameraId === NO_CAMERA ? '' : local.cameraId);
      } catch (e) {
        this.env.status(errorText(e));
        return;
      }
      await this.env.call()?.replaceCamera(local.camera);
    }
    this.draw();
    this.sendMute();
    this.env.status(local.camera ? 'Camera on.' : 'Camera off.');
  }
}
