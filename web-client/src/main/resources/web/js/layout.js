// The layout menu: grid, speaker or presenter for the whole room. The server announces the room's layout to
// everyone ("layout" message), and that announcement is what the menu shows.
import { icon } from './icons.js';

export const LAYOUT_NAMES = { grid: 'Grid', speaker: 'Speaker', presenter: 'Presenter' };

export class LayoutMenu {
  /** @param select the <select>; env { send(msg), status(text) } */
  constructor(select, env) {
    this.select = select;
    this.env = env;
    select.replaceChildren(...Object.entries(LAYOUT_NAMES).map(([value, label]) => new Option(label, value)));
    select.value = 'grid';
    select.labels[0]?.prepend(icon('layout'));
    select.addEventListener('change', () => {
      this.env.send({ type: 'layout', layout: select.value });
      this.env.status(`Layout: ${LAYOUT_NAMES[select.value]}.`);
    });
  }

  /** The room's layout as the server announced it (someone chose it, or a screen share started or ended). */
  show(layout) {
    if (!Object.hasOwn(LAYOUT_NAMES, layout) || this.select.value === layout) {
      return;
    }
    this.select.value = layout;
    this.env.status(`The meeting switched to the ${LAYOUT_NAMES[layout].toLowerCase()} layout.`);
  }

  reset() {
    this.select.value = 'grid';
  }
}
