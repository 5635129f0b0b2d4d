// The /ws signalling socket (protocol: docs/signalling.md).

const PING_INTERVAL_MS = 20000;

export class Signalling {
  /** handlers: { message(msg), close(event) } */
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = null;
    this.pinger = 0;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${location.host}/ws`);
      this.socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
        resolve();
      });
      socket.addEventListener('message', (event) => {
        let msg;
        try {
          msg = JSON.parse(event.data);
        } catch {
          return;
        }
        this.handlers.message(msg);
      });
      socket.addEventListener('close', (event) => {
        clearInterval(this.pinger);
        if (!opened) {
          reject(new Error('signalling connection failed'));
        } else if (this.socket === socket) {
          this.handlers.close(event);
        }
      });
    });
  }

  send(msg) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(msg));
    }
  }

  /** Closes without reporting the close to the handlers (we chose to). */
  close() {
    clearInterval(this.pinger);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.close(1000, 'bye');
    }
  }
}
