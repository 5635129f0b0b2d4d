// The admin host's page: list, add and remove host accounts through /api/hosts (docs/api.md).
import { call, me } from './api.js';

const $ = (id) => document.getElementById(id);
const form = $('host-form');

function setStatus(text) { $('status').textContent = text; }

function render(hosts) {
  const list = $('host-list');
  list.replaceChildren();
  for (const host of hosts) {
    const item = document.createElement('li');
    item.className = 'card room-item';
    item.dataset.name = host.name;
    const title = document.createElement('h3');
    title.textContent = host.admin ? `${host.name} (admin)` : host.name;
    const details = document.createElement('p');
    details.className = 'hint';
    details.textContent = `Added ${host.createdAt.slice(0, 10)}`;
    item.append(title, details);
    if (!host.admin) {
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.dataset.testid = 'remove-host';
      remove.addEventListener('click', () => removeHost(host));
      item.append(remove);
    }
    list.append(item);
  }
}

async function load() {
  const result = await call('GET', '/api/hosts');
  if (result.status === 401) {
    location.assign('/login?next=/hosts');
    return;
  }
  if (result.status === 403) {
    form.hidden = true;
    setStatus('Only the admin host manages hosts.');
    return;
  }
  if (!result.ok) {
    setStatus(`Cannot list hosts (${result.status}).`);
    return;
  }
  render(result.body.hosts);
}

async function removeHost(host) {
  if (!confirm(`Remove ${host.name}? Their rooms, logins and API tokens go too.`)) return;
  const result = await call('DELETE', `/api/hosts/${encodeURIComponent(host.name)}`);
  setStatus(result.ok ? `Removed ${host.name}.` : (result.body?.message || `Removing failed (${result.status}).`));
  await load();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const json = { name: form.elements.name.value.trim(), password: form.elements.password.value };
  const result = await call('POST', '/api/hosts', json);
  if (!result.ok) {
    const body = result.body || {};
    $('form-error').textContent = body.message || `Adding failed (${result.status}).`;
    const input = body.field && form.elements[body.field];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    return;
  }
  form.reset();
  $('form-error').textContent = '';
  setStatus(`Added ${result.body.name}. They log in at /login.`);
  await load();
});

form.addEventListener('input', (event) => event.target.removeAttribute('aria-invalid'));

me().then((host) => {
  if (!host) {
    location.assign('/login?next=/hosts');
    return;
  }
  load();
}).catch(() => setStatus('The server is unreachable.'));
