// Local devices: listing, opening, and a microphone level meter.

export const NO_CAMERA = 'none';

/** Opens the microphone and (unless cameraId is NO_CAMERA) the camera; each may fail on its own. */
export async function openDevices(micId, cameraId) {
  const result = { audio: null, video: null, error: null };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: micId ? { deviceId: { exact: micId } } : true,
    });
    result.audio = stream.getAudioTracks()[0] || null;
  } catch (e) {
    result.error = e;
  }
  if (cameraId !== NO_CAMERA) {
    result.video = await openCamera(cameraId).catch((e) => {
      result.error = result.error || e;
      return null;
    });
  }
  return result;
}

export async function openCamera(cameraId) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: {
      ...(cameraId ? { deviceId: { exact: cameraId } } : {}),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    },
  });
  return stream.getVideoTracks()[0] || null;
}

/** Fills the two selects from enumerateDevices (labels appear once permission was granted). */
export async function listDevices(micSelect, cameraSelect, current) {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  fill(micSelect, devices.filter((d) => d.kind === 'audioinput'), 'Microphone', current.micId, null);
  fill(cameraSelect, devices.filter((d) => d.kind === 'videoinput'), 'Camera', current.cameraId,
    { value: NO_CAMERA, label: 'No camera' });
}

function fill(select, devices, noun, selected, extra) {
  const options = devices.map((d, i) => ({ value: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
  if (options.length === 0) {
    options.push({ value: '', label: `No ${noun.toLowerCase()} found` });
  }
  if (extra) {
    options.push(extra);
  }
  select.replaceChildren(...options.map((o) => new Option(o.label, o.value, false, o.value === selected)));
}

export function errorText(error) {
  if (!error) {
    return '';
  }
  switch (error.name) {
    case 'NotAllowedError':
      return 'Camera or microphone access was blocked. Allow it in the browser to be seen and heard.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'The selected device was not found.';
    case 'NotReadableError':
      return 'The device is in use by another application.';
    default:
      return 'Could not open the camera or microphone.';
  }
}

/** Shows the microphone level (RMS in dBFS, -60..0 mapped to 0..100 %) with an AnalyserNode. */
export class LevelMeter {
  constructor(fill, meter) {
    this.fill = fill;
    this.meter = meter;
    this.context = null;
    this.frame = 0;
  }

  attach(track) {
    this.stop();
    if (!track) {
      return;
    }
    const Context = window.AudioContext || window.webkitAudioContext;
    this.context = new Context();
    const source = this.context.createMediaStreamSource(new MediaStream([track]));
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let shown = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) {
        sum += s * s;
      }
      const db = 10 * Math.log10(sum / samples.length + 1e-12);
      const level = Math.max(0, Math.min(100, ((db + 60) / 60) * 100));
      // Fast attack, slow release, like a hardware meter.
      shown = level > shown ? level : shown * 0.9 + level * 0.1;
      this.fill.style.width = `${shown.toFixed(0)}%`;
      this.meter.setAttribute('aria-valuenow', shown.toFixed(0));
      this.frame = requestAnimationFrame(tick);
    };
    this.context.resume().catch(() => {});
    tick();
  }

  stop() {
    cancelAnimationFrame(this.frame);
    if (this.context) {
      this.context.close().catch(() => {});
      this.context = null;
    }
    this.fill.style.width = '0%';
  }
}
