// Room ids as the server accepts them (see org.confero.server.rooms.Room): 1-64 of a-z 0-9 . _ -
const ROOM_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Turns what a user typed ("Weekly Standup!") into a room id ("weekly-standup"), or '' when nothing is left. */
export function toRoomId(text) {
  return text.trim().toLowerCase()
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+/, '')
    .slice(0, 64);
}

export function isRoomId(id) {
  return ROOM_ID.test(id);
}

export function sipUriFor(roomId, host = location.hostname) {
  return `sip:${roomId}@${host}`;
}

const RECENT_KEY = 'confero.recentRooms';

export function recentRooms() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]');
    return Array.isArray(list) ? list.filter(isRoomId).slice(0, 5) : [];
  } catch {
    return [];
  }
}

export function rememberRoom(id) {
  try {
    const list = [id, ...recentRooms().filter((r) => r !== id)].slice(0, 5);
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Storage may be disabled (private mode): remembering is a convenience only.
  }
}

/** Copies text to the clipboard; returns what to tell the user. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return 'Link copied.';
  } catch {
    return 'Copying is not allowed here: select the link and copy it.';
  }
}
