// Small inline icons (24x24 stroke paths), built as DOM nodes so the page needs no inline markup or fonts.
const PATHS = {
  mic: ['M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z', 'M19 11a7 7 0 0 1-14 0', 'M12 18v3'],
  micOff: ['M9 9v3a3 3 0 0 0 5.1 2.1', 'M15 9.3V6a3 3 0 0 0-5.9-.7', 'M19 11a7 7 0 0 1-1.1 3.8',
    'M5 11a7 7 0 0 0 10.8 5.9', 'M12 18v3', 'M3 3l18 18'],
  cam: ['M3 7a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M16 10l5-3v10l-5-3z'],
  camOff: ['M16 16v1a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2h2', 'M11 5h3a2 2 0 0 1 2 2v3l5-3v10',
    'M3 3l18 18'],
  screen: ['M3 5a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z', 'M8 20h8', 'M12 16v4',
    'M12 13V8', 'M9.5 10.5L12 8l2.5 2.5'],
  layout: ['M4 4h16v16H4z', 'M12 4v16', 'M4 12h8'],
  record: ['M12 5a7 7 0 1 0 0 14a7 7 0 1 0 0-14z'],
  leave: ['M10 17l-5-5 5-5', 'M5 12h11', 'M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4'],
  phone: ['M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2'],
};

export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  for (const d of PATHS[name]) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/** Sets a button's content to an icon and a visible label. */
export function setButton(button, iconName, label) {
  const text = document.createElement('span');
  text.textContent = label;
  button.replaceChildren(icon(iconName), text);
}
