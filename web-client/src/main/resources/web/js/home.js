import { toRoomId, isRoomId, sipUriFor, recentRooms } from './rooms.js';
import { call, me } from './api.js';

const form = document.getElementById('room-form');
const input = document.getElementById('room-input');
const error = document.getElementById('room-error');
const sip = document.getElementById('sip-address');
const link = document.getElementById('room-link');

function update() {
  const id = toRoomId(input.value) || '<room>';
  sip.textContent = sipUriFor(id);
  link.textContent = `${location.origin}/r/${id}`;
  error.textContent = '';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = toRoomId(input.value);
  if (!isRoomId(id)) {
    error.textContent = 'Please enter a room name using letters or digits.';
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  location.assign(`/r/${encodeURIComponent(id)}`);
});
input.addEventListener('input', update);

const recent = recentRooms();
if (recent.length > 0) {
  const list = document.getElementById('recent-list');
  for (const id of recent) {
    const item = document.createElement('li');
    const a = document.createElement('a');
    a.href = `/r/${encodeURIComponent(id)}`;
    a.textContent = id;
    item.append(a);
    list.append(item);
  }
  document.getElementById('recent').hidden = false;
}
// "Start meeting": a logged-in host gets an instant room; anyone else learns where meetings come from.
const start = document.getElementById('start-button');
const startMessage = document.getElementById('start-message');
let host = null;
me().then((found) => {
  host = found;
  if (host) {
    const link = document.getElementById('host-link');
    link.textContent = `My rooms (${host.host})`;
    link.href = '/host';
  }
}).catch(() => {});

start.addEventListener('click', async () => {
  startMessage.textContent = '';
  if (!host) {
    startMessage.replaceChildren('Meetings are started by their hosts. Ask yours for the meeting link or dial-in '
      + 'address, or ', Object.assign(document.createElement('a'), { href: '/login?next=/', textContent: 'log in as a host' }),
    '.');
    return;
  }
  start.disabled = true;
  try {
    const result = await call('POST', '/api/rooms', { title: `Meeting of ${host.host}` });
    if (result.ok) {
      location.assign(`/r/${encodeURIComponent(result.body.slug)}`);
      return;
    }
    startMessage.textContent = (result.body && result.body.message) || `The server answered ${result.status}.`;
  } catch {
    startMessage.textContent = 'The server is unreachable.';
  } finally {
    start.disabled = false;
  }
});

update();
input.focus();
