// Controls that lie over the top of the map (the search box, the answer card). A popup is panned clear of them as
// well as of the map's edges: otherwise "why this colour?" for a tap near the top opened with its title under the
// search box, and MapLibre's and Leaflet's own panning know only the map's edges.
const overTopAttribute = 'data-over-map-top';

/** Marks an element as lying over the map's top edge. */
export function markOverMapTop(element: HTMLElement): void {
  element.setAttribute(overTopAttribute, '');
}

/** How far below the map's top edge the marked controls reach over the columns `left`…`right` (page px), in px. */
export function coveredTopPx(container: HTMLElement, left: number, right: number): number {
  const top = container.getBoundingClientRect().top;
  let bottom = top;
  for (const element of document.querySelectorAll<HTMLElement>(`[${overTopAttribute}]`)) {
    const box = element.getBoundingClientRect();
    if (box.height === 0 || box.right <= left || box.left >= right) continue; // hidden, or beside the popup
    bottom = Math.max(bottom, box.bottom);
  }
  return bottom - top;
}
