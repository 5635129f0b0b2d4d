// The room's chat panel: lines arrive as `chat` messages and are shown as text only (never as HTML).

const MAX_LINES = 200;
const MAX_CHARS = 1000;

export class ChatPanel {
  /** send(text) hands a line to the signalling socket. */
  constructor(log, form, input, send) {
    this.log = log;
    this.input = input;
    this.send = send;
    input.maxLength = MAX_CHARS;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (text) {
        this.send(text);
        input.value = '';
      }
    });
  }

  /** Appends one line; `own` marks the line this browser sent. */
  show(msg, own) {
    const item = document.createElement('li');
    item.className = own ? 'chat-line own' : 'chat-line';
    item.dataset.from = msg.from;
    const who = document.createElement('span');
    who.className = 'chat-name';
    who.textContent = msg.name;
    const when = document.createElement('time');
    const at = new Date(msg.ts);
    when.dateTime = at.toISOString();
    when.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const text = document.createElement('span');
    text.className = 'chat-text';
    text.textContent = msg.text;
    item.append(who, ' ', when, document.createElement('br'), text);
    this.log.append(item);
    while (this.log.children.length > MAX_LINES) {
      this.log.firstElementChild.remove();
    }
    this.log.scrollTop = this.log.scrollHeight;
  }
}
