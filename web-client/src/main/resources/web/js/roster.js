import { icon } from './icons.js';
import { reconcileList } from './reconcile.js';

/** Renders the participant list; marks the active speaker and muted participants. */
export function renderRoster(list, countEl, participants, selfId, speakerId, extraButtons = () => []) {
  countEl.textContent = `(${participants.length})`;
  const items = participants.map((p) => {
    const li = document.createElement('li');
    li.className = 'participant';
    li.dataset.participantId = p.id;
    li.dataset.testid = 'participant';
    const speaking = p.speaking || p.id === speakerId;
    li.classList.toggle('speaking', speaking);

    const avatar = document.createElement('span');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    avatar.textContent = initials(p.name);

    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.id === selfId ? `${p.name} (you)` : p.name;

    const badges = document.createElement('span');
    badges.className = 'badges';
    if (p.kind === 'sip') {
      badges.append(badge('phone', 'on the phone'));
    }
    badges.append(p.audioMuted ? badge('micOff', 'muted') : badge('mic', speaking ? 'speaking' : 'microphone on'));
    if (p.videoMuted) {
      badges.append(badge('camOff', 'camera off'));
    }
    if (p.host) {
      const host = document.createElement('span');
      host.className = 'badge badge-host';
      host.textContent = 'host';
      badges.append(host);
    }
    li.append(avatar, name, badges, ...(p.id === selfId ? [] : extraButtons(p)));
    return li;
  });
  reconcileList(list, items);
}

function badge(iconName, label) {
  const span = document.createElement('span');
  span.className = `badge badge-${iconName}`;
  span.title = label;
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = label;
  span.append(icon(iconName), hidden);
  return span;
}

function initials(name) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] || '?').slice(0, 2);
  return letters.toUpperCase();
}
