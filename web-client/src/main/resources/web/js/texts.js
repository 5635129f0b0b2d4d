// What the user reads for each signalling error code and bye reason (docs/signalling.md).

export const ERRORS = {
  'room-not-found': 'This room does not exist.',
  'room-full': 'This meeting is full.',
  'room-locked': 'The host has locked this meeting.',
  'meeting-ended': 'This meeting has ended.',
  'not-started': 'This meeting has not started yet. Come back closer to its start time.',
  'not-host': 'Only a host of the meeting can do that.',
  'wrong-pin': 'That PIN is not correct.',
  'bad-sdp': 'Your browser and the server could not agree on the media setup.',
  'no-common-codec': 'Your browser does not support an audio format the server uses.',
  'rate-limited': 'Slow down: too many requests.',
  'bad-request': 'The server did not accept that request.',
  'unknown-type': 'The server does not support that yet.',
  'server-draining': 'This server is about to restart. Please try again in a minute.',
  'internal': 'The server had a problem.',
  'not-allowed': 'This meeting may not be recorded.',
};
export const BYES = {
  'left': 'You left the meeting.',
  'join-timeout': 'The connection timed out before joining.',
  'removed-by-host': 'The host removed you from the meeting.',
  'room-ended': 'The meeting has ended.',
  'removed': 'The host removed you from the meeting.',
  'ended': 'The host ended the meeting.',
  'denied': 'The host did not let you in.',
  'too-many-attempts': 'Too many wrong attempts.',
};
