// The host's panel of the call page: the lobby with Admit / Deny, Mute all, Lock, End, and the per-participant
// Mute / Allow unmute / Remove buttons the roster draws for hosts. Every button sends one "host" message; the
// server checks that the sender is a host and answers not-host otherwise (docs/signalling.md).

import { reconcileList } from './reconcile.js';

export class HostPanel {
  /**
   * @param ui { panel, lobbyList, lobbyCount, muteAll, lock, end }
   * @param env { send(msg), status(text) }
   */
  constructor(ui, env) {
    this.ui = ui;
    this.env = env;
    this.host = false;
    this.locked = false;
    ui.muteAll.addEventListener('click', () => this.act('mute-all'));
    ui.lock.addEventListener('click', () => this.act(this.locked ? 'unlock' : 'lock'));
    ui.end.addEventListener('click', () => {
      if (window.confirm('End the meeting for everyone?')) {
        this.act('end');
      }
    });
  }

  act(action, participantId) {
    this.env.send({ type: 'host', action, ...(participantId ? { participantId } : {}) });
  }

  /** Shows or hides the panel: only hosts see it. */
  setHost(host) {
    this.host = host;
    this.ui.panel.hidden = !host;
  }

  /** The server's "meeting" message: the lock and who waits in the lobby. */
  show(meeting) {
    this.locked = meeting.locked === true;
    this.ui.lock.textContent = this.locked ? 'Unlock' : 'Lock';
    this.ui.lock.setAttribute('aria-pressed', String(this.locked));
    const waiting = meeting.lobby || [];
    this.ui.lobbyCount.textContent = `(${waiting.length})`;
    const items = waiting.map((w) => {
      const li = document.createElement('li');
      li.className = 'lobby-entry';
      li.dataset.testid = 'lobby-entry';
      li.dataset.participantId = w.id;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = w.kind === 'sip' ? `${w.name} (phone)` : w.name;
      li.append(name, this.button('Admit', `Admit ${w.name}`, 'admit', w.id),
        this.button('Deny', `Deny ${w.name}`, 'deny', w.id));
      return li;
    });
    if (waiting.length > 0) {
      this.env.status(`${waiting.length} waiting in the lobby.`);
    }
    reconcileList(this.ui.lobbyList, items);
  }

  /** The buttons a host gets on another participant's roster line. */
  participantButtons(p) {
    if (!this.host || p.host) {
      return [];
    }
    return [
      p.audioMuted ? this.button('Allow unmute', `Allow ${p.name} to unmute`, 'allow-unmute', p.id)
        : this.button('Mute', `Mute ${p.name}`, 'mute', p.id),
      this.button('Remove', `Remove ${p.name}`, 'remove', p.id),
    ];
  }

  button(text, label, action, participantId) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `small host-${action}`;
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.dataset.testid = `host-${action}`;
    b.addEventListener('click', () => this.act(action, participantId));
    return b;
  }

  reset() {
    this.setHost(false);
    this.ui.lobbyList.replaceChildren();
  }
}
