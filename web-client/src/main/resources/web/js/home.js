import { toRoomId, isRoomId, sipUriFor, recentRooms } from './rooms.js';

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
update();
input.focus();
