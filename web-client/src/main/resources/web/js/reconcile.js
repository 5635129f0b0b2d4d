// Lists that are redrawn on every roster or speaker change keep their elements: a host's click on a button must not
// land on a node that a "speaking" update replaced between mouse-down and mouse-up.

/**
 * Makes {@code list}'s children match {@code fresh} (new elements keyed by data-participant-id): an existing item
 * with the same key is kept, and within it only the children whose markup changed are swapped.
 */
export function reconcileList(list, fresh) {
  const existing = new Map([...list.children].map((el) => [el.dataset.participantId, el]));
  const items = fresh.map((el) => {
    const old = existing.get(el.dataset.participantId);
    if (!old || old.tagName !== el.tagName) {
      return el;
    }
    patch(old, el);
    return old;
  });
  const unchanged = items.length === list.children.length && items.every((el, i) => list.children[i] === el);
  if (!unchanged) {
    list.replaceChildren(...items);
  }
}

function patch(old, fresh) {
  if (old.className !== fresh.className) {
    old.className = fresh.className;
  }
  const oldKids = [...old.children];
  const newKids = [...fresh.children];
  const kept = newKids.map((el, i) => (oldKids[i] && oldKids[i].outerHTML === el.outerHTML ? oldKids[i] : el));
  const same = kept.length === oldKids.length && kept.every((el, i) => el === oldKids[i]);
  if (!same) {
    old.replaceChildren(...kept);
  }
}
