import { call, me } from './api.js';

const $ = (id) => document.getElementById(id);
const form = $('room-form');
let editing = null; // slug of the room in the form, or null for a new one

function setStatus(text) { $('status').textContent = text; }

async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`${what} copied: ${text}`);
  } catch {
    setStatus(`${what}: ${text}`);
  }
}

function when(room) {
  if (!room.start) return 'No schedule';
  const start = room.start.replace('T', ' ');
  const end = room.end.slice(11);
  return `${start}–${end} (${room.timeZone})${room.weekly ? ', weekly' : ''}`;
}

function button(text, testId, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.dataset.testid = testId;
  b.addEventListener('click', onClick);
  return b;
}

function render(rooms) {
  const list = $('room-list');
  list.replaceChildren();
  if (rooms.length === 0) setStatus('No rooms yet. Create one with “New room”.');
  for (const room of rooms) {
    const item = document.createElement('li');
    item.className = 'card room-item';
    item.dataset.slug = room.slug;
    const title = document.createElement('h3');
    const link = document.createElement('a');
    link.href = `/r/${encodeURIComponent(room.slug)}`;
    link.textContent = room.title;
    title.append(link);
    const details = document.createElement('p');
    details.className = 'hint';
    details.textContent = `${when(room)} · ${room.sipUri}${room.pin ? ` · PIN ${room.pin}` : ''}`
      + `${room.lobby ? ' · lobby' : ''}${room.locked ? ' · locked' : ''}`;
    const actions = document.createElement('div');
    actions.className = 'row';
    actions.append(
      button('Copy link', 'copy-link', () => copy(room.link, 'Link')),
      button('Copy dial-in', 'copy-dial-in', () => copy(room.sipUri, 'Dial-in')),
    );
    if (room.start) {
      const invite = document.createElement('a');
      invite.className = 'button';
      invite.href = room.invite;
      invite.download = `${room.slug}.ics`;
      invite.textContent = 'Download invite';
      invite.dataset.testid = 'download-invite';
      actions.append(invite);
    }
    actions.append(
      button('Edit', 'edit-room', () => openForm(room)),
      button('Delete', 'delete-room', () => remove(room)),
    );
    item.append(title, details, actions);
    list.append(item);
  }
}

async function load() {
  const result = await call('GET', '/api/rooms');
  if (result.status === 401) {
    location.assign('/login?next=/host');
    return;
  }
  if (!result.ok) {
    setStatus(`Cannot list rooms (${result.status}).`);
    return;
  }
  render(result.body.rooms);
}

function openForm(room) {
  editing = room ? room.slug : null;
  form.reset();
  $('form-title').textContent = room ? `Edit ${room.title}` : 'New room';
  $('form-error').textContent = '';
  form.elements.slug.disabled = Boolean(room);
  form.elements.timeZone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (room) {
    for (const name of ['title', 'slug', 'timeZone', 'pin', 'hostPin', 'maxParticipants', 'layout']) {
      form.elements[name].value = room[name] ?? '';
    }
    form.elements.start.value = room.start || '';
    form.elements.end.value = room.end || '';
    form.elements.repeatUntil.value = room.repeatUntil || '';
    for (const name of ['weekly', 'lobby', 'recordingAllowed', 'locked']) form.elements[name].checked = room[name];
  }
  form.hidden = false;
  form.elements.title.focus();
}

function formJson() {
  const f = form.elements;
  const json = {
    title: f.title.value.trim(),
    start: f.start.value || null,
    end: f.end.value || null,
    timeZone: f.timeZone.value.trim() || 'UTC',
    weekly: f.weekly.checked,
    repeatUntil: f.repeatUntil.value || null,
    pin: f.pin.value.trim() || null,
    hostPin: f.hostPin.value.trim() || null,
    maxParticipants: Number.parseInt(f.maxParticipants.value, 10),
    layout: f.layout.value,
    lobby: f.lobby.checked,
    recordingAllowed: f.recordingAllowed.checked,
    locked: f.locked.checked,
  };
  if (!editing && f.slug.value.trim()) json.slug = f.slug.value.trim();
  return json;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const json = formJson();
  const result = editing ? await call('PATCH', `/api/rooms/${encodeURIComponent(editing)}`, json)
    : await call('POST', '/api/rooms', json);
  if (!result.ok) {
    const body = result.body || {};
    $('form-error').textContent = body.message || `Saving failed (${result.status}).`;
    const input = body.field && form.elements[body.field];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    return;
  }
  form.hidden = true;
  setStatus(`Saved ${result.body.title}: ${result.body.link}`);
  await load();
});

form.addEventListener('input', (event) => event.target.removeAttribute('aria-invalid'));
$('cancel-button').addEventListener('click', () => { form.hidden = true; });
$('new-button').addEventListener('click', () => openForm(null));

async function remove(room) {
  if (!confirm(`Delete ${room.title}? Its link and dial-in stop working.`)) return;
  const result = await call('DELETE', `/api/rooms/${encodeURIComponent(room.slug)}`);
  setStatus(result.ok ? `Deleted ${room.title}.` : `Deleting failed (${result.status}).`);
  await load();
}

$('logout-button').addEventListener('click', async () => {
  await call('POST', '/api/logout');
  location.assign('/');
});

const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
$('zones').append(...zones.map((z) => Object.assign(document.createElement('option'), { value: z })));

me().then((host) => {
  if (!host) {
    location.assign('/login?next=/host');
    return;
  }
  $('host-name').textContent = `${host.host}${host.admin ? ' (admin)' : ''}`;
  $('hosts-link').hidden = !host.admin;
  load();
}).catch(() => setStatus('The server is unreachable.'));
