// The workspace's DOM markers: a draggable handle for positions being edited, numbered badges for sites.

/** A round handle with a label a screen reader can read; `text` is drawn inside (a number, "+"). */
export function markerElement(kind: 'edit' | 'site' | 'hypothetical' | 'moved' | 'selected', label: string, text = ''): HTMLElement {
  const el = document.createElement('div');
  el.className = `pl-marker pl-marker-${kind}`;
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  el.title = label;
  el.textContent = text;
  return el;
}

export const markerSize: [number, number] = [28, 28]; // px: big enough to grab with a mouse or a finger
