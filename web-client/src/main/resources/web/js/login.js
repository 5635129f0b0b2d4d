import { login, me } from './api.js';

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
const next = new URLSearchParams(location.search).get('next');
// Only a path on this server: never an open redirect.
const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/host';

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const name = form.elements.name.value.trim();
  const password = form.elements.password.value;
  if (!name || !password) {
    error.textContent = 'Enter your host name and password.';
    return;
  }
  const button = document.getElementById('login-button');
  button.disabled = true;
  try {
    const result = await login(name, password);
    if (result.ok) {
      location.assign(target);
      return;
    }
    error.textContent = result.status === 429 ? `${result.body.message}. Try again later.`
      : result.status === 401 ? 'Wrong host name or password.'
        : `Login failed (${result.status}).`;
  } catch {
    error.textContent = 'The server is unreachable.';
  } finally {
    button.disabled = false;
  }
});

me().then((host) => { if (host) location.assign(target); }).catch(() => {});
document.getElementById('name-input').focus();
