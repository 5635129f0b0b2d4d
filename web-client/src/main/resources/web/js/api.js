// The hosts' REST API (docs/api.md) from the browser: the session cookie travels by itself; writes add the CSRF
// token the server gave at login (GET /api/me hands it out again after a reload).

let csrfToken = null;

export async function me() {
  const response = await fetch('/api/me', { credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  const body = await response.json();
  csrfToken = body.csrfToken || null;
  return body;
}

export async function login(name, password) {
  const response = await fetch('/api/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok) csrfToken = body.csrfToken;
  return { ok: response.ok, status: response.status, body };
}

/** Calls the API; resolves to { ok, status, body } with body parsed when it is JSON. */
export async function call(method, path, json) {
  const headers = {};
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method, credentials: 'same-origin', headers,
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('application/json') ? await response.json() : null;
  return { ok: response.ok, status: response.status, body };
}
