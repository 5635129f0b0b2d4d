// The join page and the in-call screen at /r/<room>.
import { isRoomId, sipUriFor, rememberRoom, copyText } from './rooms.js';
import { openDevices, listDevices, errorText, LevelMeter } from './media.js';
import { Signalling } from './signalling.js';
import { Call } from './call.js';
import { renderRoster } from './roster.js';
import { setButton } from './icons.js';
import { Stage } from './stage.js';
import { ScreenShare } from './screenshare.js';
import { LayoutMenu } from './layout.js';
import { DeviceControls } from './controls.js';
import { ERRORS, BYES } from './texts.js';
import { ChatPanel } from './chat.js';
import { HostPanel } from './hostpanel.js';

const $ = (id) => document.getElementById(id);
const NAME_KEY = 'confero.displayName';
const MEDIA_HINT = 'A firewall or the TURN relay may be blocking the connection; try again, or another network.';

const roomId = decodeURIComponent(location.pathname.split('/')[2] || '');
const app = { pc: null, state: 'loading', participantId: null, room: null, host: false, hostMuted: false };
window.confero = app;

const local = { mic: null, camera: null, micId: '', cameraId: '', audioMuted: false };
const meter = new LevelMeter($('mic-level'), $('mic-meter'));
let signalling = null;
let call = null;
let roster = [];
let speakerId = null;
let reconnectsLeft = 1;
let joinRequest = null;

const status = (text) => { $('status').textContent = text; };
const stage = new Stage($('stage'), $('remote-video'), $('stage-empty'));
const share = new ScreenShare($('share-button'), { call: () => call, send: (m) => signalling?.send(m), status });
const layoutMenu = new LayoutMenu($('layout-select'), { send: (m) => signalling?.send(m), status });
const devices = new DeviceControls(local,
  { muteButton: $('mute-button'), cameraButton: $('camera-button'), selfView: $('self-view') },
  { call: () => call, send: (m) => signalling?.send(m), status, mayUnmute: () => !app.hostMuted });
const hostPanel = new HostPanel({
  panel: $('host-panel'), lobbyList: $('lobby-list'), lobbyCount: $('lobby-count'),
  muteAll: $('mute-all-button'), lock: $('lock-button'), end: $('end-button'),
}, { send: (m) => signalling?.send(m), status });
// For tests and troubleshooting: the current RTCPeerConnection and the stage <video> (getStats, frame sampling).
window.conferoDebug = {
  get pc() { return call?.pc ?? null; },
  stageVideo: $('remote-video'),
};

function show(section) {
  for (const id of ['loading', 'notice', 'lobby', 'prejoin', 'call']) {
    $(id).hidden = id !== section;
  }
}

function setState(state, status) {
  app.state = state;
  document.body.dataset.state = state;
  if (status !== undefined) {
    $('status').textContent = status;
  }
}

function notice(title, text, retry) {
  $('notice-title').textContent = title;
  $('notice-text').textContent = text;
  $('notice-retry').hidden = !retry;
  $('notice-retry').onclick = retry || null;
  show('notice');
}

// ---- room lookup ----

async function loadRoom() {
  setState('loading', 'Looking up the room…');
  show('loading');
  $('room-title').textContent = roomId;
  if (!isRoomId(roomId)) {
    setState('not-found', 'Room not found.');
    notice('Room not found', `“${roomId}” is not a valid room name.`);
    return;
  }
  let response;
  try {
    response = await fetch(`/api/join/${encodeURIComponent(roomId)}`, { signal: AbortSignal.timeout(8000) });
  } catch {
    setState('unreachable', 'The server is unreachable.');
    notice('Cannot reach the server', 'Check your network connection and try again.', loadRoom);
    return;
  }
  if (response.status === 404) {
    setState('not-found', 'Room not found.');
    notice('This room does not exist', `There is no room called “${roomId}” on this server. Check the link.`);
    return;
  }
  if (!response.ok) {
    setState('unreachable', `The server answered ${response.status}.`);
    notice('The server is not available', `It answered with status ${response.status}. Try again shortly.`,
      loadRoom);
    return;
  }
  app.room = await response.json();
  showPrejoin();
}

// ---- pre-join ----

async function showPrejoin() {
  const room = app.room;
  document.title = `${room.name} — Confero`;
  $('room-title').textContent = room.name;
  $('room-name').textContent = room.name;
  $('room-people').textContent = room.participants === 0 ? 'No one is here yet.'
    : `${room.participants} ${room.participants === 1 ? 'person is' : 'people are'} in the meeting.`;
  $('sip-uri').textContent = room.sipUri || sipUriFor(room.id);
  $('invite-sip').textContent = $('sip-uri').textContent;
  $('invite-link').textContent = `${location.origin}/r/${encodeURIComponent(room.id)}`;
  $('pin-field').hidden = !room.pinRequired;
  $('pin-input').required = room.pinRequired;
  $('host-pin-field').hidden = !room.hostPin;
  $('name-input').value = localStorage.getItem(NAME_KEY) || '';
  show('prejoin');
  setState('prejoin', 'Ready to join.');
  ($('name-input').value ? $('join-button') : $('name-input')).focus();
  await restartPreview();
  await listDevices($('mic-select'), $('camera-select'), local);
}

let devicesReady = Promise.resolve();

/** Reopens the selected devices; joining waits for this so that the call starts with them. */
function restartPreview() {
  devicesReady = devicesReady.then(openPreview).catch((e) => console.warn('devices', e));
  return devicesReady;
}

async function openPreview() {
  stopLocal();
  const opened = await openDevices(local.micId, local.cameraId);
  local.mic = opened.audio;
  local.camera = opened.video;
  local.micId = local.mic?.getSettings().deviceId || local.micId;
  local.cameraId = local.camera ? local.camera.getSettings().deviceId || local.cameraId : local.cameraId;
  $('preview').srcObject = local.camera ? new MediaStream([local.camera]) : null;
  $('preview-off').hidden = Boolean(local.camera);
  meter.attach(local.mic);
  $('join-error').textContent = errorText(opened.error);
}

function stopLocal() {
  meter.stop();
  local.mic?.stop();
  local.camera?.stop();
  local.mic = null;
  local.camera = null;
}

$('mic-select').addEventListener('change', (e) => {
  local.micId = e.target.value;
  restartPreview();
});
$('camera-select').addEventListener('change', (e) => {
  local.cameraId = e.target.value;
  restartPreview();
});

$('join-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('join-button').disabled = true;
  await devicesReady;
  $('join-button').disabled = false;
  const name = $('name-input').value.trim();
  const pin = $('pin-input').value.trim();
  const hostPin = $('host-pin-input').value.trim();
  if (!name) {
    $('join-error').textContent = 'Please enter your name.';
    $('name-input').focus();
    return;
  }
  if (app.room.pinRequired && !hostPin && !/^[0-9]{4,12}$/.test(pin)) {
    $('join-error').textContent = 'Please enter the room PIN (4 to 12 digits).';
    $('pin-input').focus();
    return;
  }
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Private mode: the name is simply not remembered.
  }
  rememberRoom(roomId);
  joinRequest = { type: 'join', room: roomId, name, ...(pin ? { pin } : {}), ...(hostPin ? { hostPin } : {}) };
  reconnectsLeft = 1;
  join();
});

// ---- joining and the call ----

async function join() {
  $('join-button').disabled = true;
  $('join-error').textContent = '';
  setState(app.state === 'reconnecting' ? 'reconnecting' : 'joining', 'Connecting…');
  signalling = new Signalling({ message: onMessage, close: onSocketClose });
  try {
    await signalling.connect();
  } catch {
    $('join-button').disabled = false;
    onSocketClose();
    return;
  }
  signalling.send(joinRequest);
}

async function onMessage(msg) {
  switch (msg.type) {
    case 'joined': return onJoined(msg);
    case 'lobby': return onLobby(msg);
    case 'meeting': return hostPanel.show(msg);
    case 'host-mute': return onHostMute(msg.muted === true);
    case 'answer': return call?.applyAnswer(msg.sdp).catch((e) => onAnswerRefused(e));
    case 'candidate': return call?.addRemoteCandidate(msg);
    case 'participants': roster = msg.list; return drawRoster();
    case 'speaking': speakerId = msg.participantId; return drawRoster();
    case 'layout': return layoutMenu.show(msg.layout);
    case 'chat': return chat.show(msg, msg.from === app.participantId);
    case 'recording': return showRecording(msg.on === true);
    case 'error': return onError(msg);
    case 'bye': return onBye(msg.reason);
    default: return undefined;
  }
}

/** Waiting in the lobby: no media yet; "joined" follows when a host admits us (same participant id). */
function onLobby(msg) {
  app.participantId = msg.participantId;
  meter.stop();
  if (msg.opensAt) {
    const at = new Date(msg.opensAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    $('lobby-title').textContent = 'Waiting for the meeting to start';
    $('lobby-text').textContent = `The meeting opens at ${at}. You will join automatically.`;
  } else {
    $('lobby-title').textContent = 'Waiting for the host to let you in';
    $('lobby-text').textContent = 'The host knows you are here. You will join as soon as they let you in.';
  }
  show('lobby');
  setState('lobby', $('lobby-title').textContent);
  $('join-button').disabled = false;
}

/**
 * A host muted us, or allows us to unmute. The server has already taken our voice out of the mix; the page
 * shows it and keeps the Unmute button from asking until the host allows it.
 */
function onHostMute(muted) {
  app.hostMuted = muted;
  if (muted) {
    local.audioMuted = true;
    devices.draw();
    status('The host muted you.');
  } else {
    status('The host allows you to unmute.');
  }
}

async function onJoined(msg) {
  app.participantId = msg.participantId;
  app.host = msg.host === true;
  app.hostMuted = false;
  hostPanel.setHost(app.host);
  roster = msg.participants || [];
  $('record-button').hidden = !msg.mayRecord;
  meter.stop();
  show('call');
  setState('in-call', 'Connecting media…');
  $('join-button').disabled = false;
  try {
    call = new Call(msg.iceServers, msg.iceTransportPolicy, {
      candidate: (c) => signalling.send({ type: 'candidate', ...c }),
      offer: (sdp) => signalling.send({ type: 'offer', sdp }),
      track: onTrack,
      state: onMediaState,
      failed: (why) => fail('Media connection failed', `${why} ${MEDIA_HINT}`),
    });
    app.pc = call.pc;
    call.addLocal(local.mic, local.camera);
  } catch (e) {
    // E.g. a TURN URL without credentials: the browser refuses the whole configuration.
    fail('Media setup failed', `Your browser refused the media configuration: ${e.message}`);
    return;
  }
  if (local.mic) {
    local.mic.enabled = !local.audioMuted;
  }
  devices.draw();
  drawRoster();
  devices.sendMute();
  const started = call;
  await call.negotiate().catch((e) => {
    if (call === started) {
      fail('Media setup failed', e.message);
    }
  });
}

/** The browser could not apply the server's answer: fatal for the first offer, a lost feature for a re-offer. */
function onAnswerRefused(e) {
  console.warn('answer refused', e);
  if (call && !call.pc.remoteDescription) {
    fail('Media setup failed', `Your browser could not use the server's media description: ${e.message}`);
  }
}

function onTrack(event) {
  if (event.track.kind === 'audio') {
    // Chromium decodes remote audio only when an element plays it.
    $('remote-audio').srcObject = event.streams[0] || new MediaStream([event.track]);
    $('remote-audio').play().catch(() => {});
  } else if (event.transceiver === call?.video) {
    // The room's composite, laid out by the server: it is the stage.
    stage.attach(event.track);
  }
}

function onMediaState(state) {
  const text = {
    new: 'Connecting media…', connecting: 'Connecting media…', connected: 'Connected.',
    disconnected: 'Media interrupted, trying to recover…', failed: 'Media connection failed.', closed: '',
  }[state];
  if (app.state === 'in-call' && text) {
    $('status').textContent = text;
  }
}

function onError(msg) {
  const text = ERRORS[msg.code] || msg.message || msg.code;
  if (app.state === 'joining' || app.state === 'prejoin') {
    // The socket stays open for a corrected retry, but a fresh join is simpler and equally cheap.
    signalling.close();
    show('prejoin');
    setState('prejoin', text);
    $('join-error').textContent = text;
    $('join-error').scrollIntoView({ block: 'nearest' });
    $('join-button').disabled = false;
    if (msg.code === 'wrong-pin') {
      $('pin-input').select();
    }
    meter.attach(local.mic);
  } else if (call?.offering && (msg.code === 'bad-sdp' || msg.code === 'no-common-codec')) {
    // Refuses the offer in flight: the first one ends the call, a re-offer (screen share) only that feature.
    call.offerRefused(text);
  } else if (['rate-limited', 'bad-request', 'unknown-type', 'not-host'].includes(msg.code)) {
    // One message was refused (e.g. a server without layouts); the call itself is fine.
    status(text);
  } else if (msg.code === 'not-allowed') {
    // Recording refused, or an unmute while the host's mute holds: the server's message says which.
    status(msg.message || text);
  } else {
    fail('Something went wrong', text);
  }
}

function onBye(reason) {
  const text = BYES[reason] || `Disconnected (${reason}).`;
  endCall();
  setState('ended', text);
  notice(reason === 'left' ? 'You left the meeting' : 'The call ended', text, () => location.reload());
  $('notice-retry').textContent = 'Rejoin';
}

async function onSocketClose() {
  const wasInCall = app.state === 'in-call';
  endCall(false);
  if (wasInCall && reconnectsLeft > 0) {
    reconnectsLeft -= 1;
    setState('reconnecting', 'Connection lost — reconnecting…');
    await new Promise((r) => setTimeout(r, 1000));
    join();
    return;
  }
  if (app.state !== 'ended') {
    fail('Connection lost', 'The connection to the server was lost.');
  }
}

function fail(title, text) {
  if (app.state === 'ended') {
    return; // the first failure is the one to show
  }
  endCall();
  setState('ended', text);
  notice(title, text, () => location.reload());
  $('notice-retry').textContent = 'Rejoin';
}

/** Ends media and signalling; keeps the local devices unless the user is done. */
function endCall(stopDevices = true) {
  signalling?.close();
  signalling = null;
  call?.close();
  call = null;
  app.pc = null;
  share.reset();
  layoutMenu.reset();
  hostPanel.reset();
  stage.detach();
  $('remote-audio').srcObject = null;
  if (stopDevices) {
    stopLocal();
  }
}

function drawRoster() {
  renderRoster($('participant-list'), $('participant-count'), roster, app.participantId, speakerId,
    (p) => hostPanel.participantButtons(p));
  const others = roster.filter((p) => p.id !== app.participantId).length;
  $('stage-detail').textContent = others === 0 ? 'No one else is here yet.'
    : `${others} other ${others === 1 ? 'participant' : 'participants'} in the meeting.`;
}

// ---- controls ----

// The server tells everyone when the meeting is recorded; the button asks it to start or stop.
let recording = false;
function showRecording(on) {
  recording = on;
  $('recording-indicator').hidden = !on;
  $('record-button').setAttribute('aria-pressed', String(on));
  setButton($('record-button'), 'record', on ? 'Stop recording' : 'Record');
  status(on ? 'This meeting is being recorded.' : 'Recording stopped.');
}
setButton($('record-button'), 'record', 'Record');
$('record-button').addEventListener('click', () => {
  signalling?.send({ type: 'record', action: recording ? 'stop' : 'start' });
});

const chat = new ChatPanel($('chat-log'), $('chat-form'), $('chat-input'),
  (text) => signalling?.send({ type: 'chat', text }));

function leave() {
  signalling?.send({ type: 'leave' });
  onBye('left');
}

$('copy-button').addEventListener('click', async () => {
  $('status').textContent = await copyText($('invite-link').textContent);
});
setButton($('leave-button'), 'leave', 'Leave');
$('lobby-leave').addEventListener('click', leave);
$('leave-button').addEventListener('click', leave);
document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (app.state !== 'in-call' || typing || e.ctrlKey || e.metaKey || e.altKey) {
    return;
  }
  if (e.key === 'm' || e.key === 'M') {
    devices.toggleMute();
  } else if (e.key === 'v' || e.key === 'V') {
    devices.toggleCamera();
  }
});
window.addEventListener('pagehide', () => signalling?.send({ type: 'leave' }));

loadRoom();
