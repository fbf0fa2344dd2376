// What-if: add hypothetical access points by clicking the map, drag them, move or remove existing ones,
// and see covered area, demand and gaps change (re-evaluated on every change, debounced).
import * as api from '../api';
import type { LngLat, MapClick, MapHit, MapMarker } from '../map/map-view';
import { overlayColours, reachShape, type PlannerContext, type Tool } from './context';
import { fill, h, options } from './dom';
import { environmentLabels } from '../map/core';
import { area, count, coordinate, percent, plural, points, signed } from './format';
import { markerElement, markerSize } from './markers';
import { createSavedScenarios, numbersTable } from './scenarios'; // save, list, compare, export, delete
import { round6 } from '../geo';
import { gapCount, noGainWarning } from './map-words'; // one gap count for every tab; a site that adds nothing is said so
import { haloRadiusM } from './fit';

const debounceMs = 250; // ms: a drag or a burst of clicks is evaluated once, after the hand stops
const assumedReachM = 34; // m: drawn until the server says how far a new 20 dBm site indoors (the default) reaches

interface Added {
  at: LngLat;
  marker: MapMarker | null;
  environment: api.ApEnvironment; // where the planner would put it; the server's default until changed
  reachM: number | null; // the server's figure for this site as last evaluated; null until then
}

interface Moved {
  to: LngLat;
  marker: MapMarker | null;
}

export interface WhatIfTool extends Tool {
  addSites(sites: LngLat[]): void;
}

export function createWhatIfTool(ctx: PlannerContext): WhatIfTool {
  const { view, registry } = ctx;
  const added: Added[] = [];
  const moved = new Map<number, Moved>();
  const removed = new Set<number>();
  let clickToAdd = true;
  let active = false;
  let newSiteReachM: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | null = null;
  let lastResult: api.WhatIfResult | null = null;

  const toggle = h('button', { type: 'button', class: 'pl-button', 'aria-pressed': 'true' }, 'Add by clicking the map');
  const atCentre = h('button', { type: 'button', class: 'pl-button' }, 'Add at the map centre');
  const clear = h('button', { type: 'button', class: 'pl-button pl-quiet' }, 'Clear the scenario');
  const changes = h('ul', { class: 'pl-list', 'aria-label': 'Changes in this scenario' });
  // Without a pointer: switch off an existing access point from a list instead of its popup.
  const switchOff = h('select', { id: 'pl-whatif-remove' });
  const switchOffButton = h('button', { type: 'button', class: 'pl-button pl-small' }, 'Remove in this scenario');
  const switchOffRow = h(
    'div',
    { class: 'pl-field' },
    h('label', { for: switchOff.id, class: 'field-label' }, 'Switch off an existing access point'),
    h('div', { class: 'pl-inline' }, switchOff, switchOffButton),
  );
  switchOffButton.addEventListener('click', () => {
    const id = Number(switchOff.value);
    if (!id || removed.has(id)) return;
    removed.add(id);
    changed();
  });
  const resultBox = h('div', { class: 'pl-result', 'aria-live': 'polite' });
  const timing = h('p', { class: 'hint pl-timing' });

  const saved = createSavedScenarios(ctx, { current: body, open: (scenario) => load(scenario) });
  const panel = h(
    'section',
    {},
    h('h2', { class: 'pl-title' }, 'What-if'),
    h('p', { class: 'hint' }, 'Click the map to add a hypothetical access point, drag it to move it. Click an existing access point to move or remove it in this scenario. The registry is not changed.'),
    h('div', { class: 'pl-actions' }, toggle, atCentre, clear),
    switchOffRow,
    changes,
    h('h3', { class: 'pl-subtitle' }, 'Result'),
    resultBox,
    timing,
    saved.element,
  );

  toggle.addEventListener('click', () => {
    clickToAdd = !clickToAdd;
    toggle.setAttribute('aria-pressed', String(clickToAdd));
    view.setPicking(clickToAdd);
  });
  atCentre.addEventListener('click', () => add(view.center()));
  clear.addEventListener('click', () => {
    for (const a of added) a.marker?.remove();
    for (const m of moved.values()) m.marker?.remove();
    added.length = 0;
    moved.clear();
    removed.clear();
    changed();
  });

  function body(): api.ScenarioBody {
    return {
      add: added.map((a) => ({ lon: round6(a.at.lon), lat: round6(a.at.lat), environment: a.environment })),
      move: [...moved].map(([id, m]) => ({ id, lon: round6(m.to.lon), lat: round6(m.to.lat) })),
      remove: [...removed],
    };
  }

  function isEmpty(): boolean {
    return added.length === 0 && moved.size === 0 && removed.size === 0;
  }

  function add(at: LngLat): void {
    const entry: Added = { at, marker: null, environment: api.defaultEnvironment, reachM: null };
    added.push(entry);
    if (active) entry.marker = addedMarker(entry);
    void learnReach();
    changed();
  }

  function addedMarker(entry: Added): MapMarker {
    const n = added.indexOf(entry) + 1;
    return view.addMarker(entry.at, {
      element: markerElement('hypothetical', `Hypothetical access point ${n}: drag to move`, String(n)),
      size: markerSize,
      draggable: true,
      onDragEnd: (to) => {
        entry.at = to;
        changed();
      },
    });
  }

  function movedMarker(id: number, entry: Moved): MapMarker {
    const ap = registry.get(id);
    return view.addMarker(entry.to, {
      element: markerElement('moved', `${ap?.properties.name ?? `Access point ${id}`} in this scenario: drag to move`, '↔'),
      size: markerSize,
      draggable: true,
      onDragEnd: (to) => {
        entry.to = to;
        changed();
      },
    });
  }

  function drawMarkers(): void {
    for (const a of added) a.marker ??= addedMarker(a);
    for (const [id, m] of moved) m.marker ??= movedMarker(id, m);
  }

  function removeMarkers(): void {
    for (const a of added) {
      a.marker?.remove();
      a.marker = null;
    }
    for (const m of moved.values()) {
      m.marker?.remove();
      m.marker = null;
    }
  }

  /** The reach drawn for a hypothetical site: the server's figure for a new site, once known. */
  async function learnReach(): Promise<void> {
    if (newSiteReachM !== null) return;
    try {
      newSiteReachM = (await api.getRecommendations(1, 'city_places')).newSiteReachM;
      drawOverlay();
    } catch {
      newSiteReachM = null; // the assumed figure stays drawn; the evaluation itself is unaffected
    }
  }

  /** The reach, and around a reach too small to see at this zoom a plain ring a few pixels out, so the site shows at city zoom. */
  function reachWithHalo(at: LngLat, reachM: number) {
    const style = { stroke: overlayColours.hypothetical, fill: overlayColours.hypothetical, dashed: true };
    const halo = haloRadiusM(reachM, view.zoom(), at.lat);
    return halo === null ? [reachShape(at, reachM, style)] : [reachShape(at, reachM, style), reachShape(at, halo, { stroke: overlayColours.hypothetical, fill: null, dashed: false })];
  }

  function drawOverlay(): void {
    if (!active) return ctx.overlays.clear('whatif');
    const shapes = [
      ...added.flatMap((a) => reachWithHalo(a.at, a.reachM ?? (a.environment === api.defaultEnvironment ? newSiteReachM : null) ?? assumedReachM)),
      ...[...moved].flatMap(([id, m]) => {
        const ap = registry.get(id);
        return ap ? reachWithHalo(m.to, ap.properties.reachM) : [];
      }),
      ...[...removed].flatMap((id) => {
        const ap = registry.get(id);
        if (!ap) return [];
        const [lon, lat] = ap.geometry.coordinates;
        return [reachShape({ lon, lat }, ap.properties.reachM, { stroke: overlayColours.removed, fill: null, dashed: true })];
      }),
    ];
    ctx.overlays.set('whatif', shapes);
  }

  function changed(): void {
    renderChanges();
    drawOverlay();
    clearTimeout(timer);
    inFlight?.abort();
    if (isEmpty()) {
      lastResult = null;
      resultBox.replaceChildren(h('p', { class: 'hint' }, 'Add, move or remove an access point to see what changes.'));
      timing.textContent = '';
      return;
    }
    resultBox.classList.add('is-stale');
    timer = setTimeout(() => void evaluate(), debounceMs);
  }

  async function evaluate(): Promise<void> {
    const controller = new AbortController();
    inFlight = controller;
    const started = performance.now();
    const sent = [...added];
    try {
      const result = await api.whatIf(body(), controller.signal);
      if (controller.signal.aborted) return;
      lastResult = result;
      sent.forEach((a, i) => (a.reachM = result.added[i]?.reachM ?? null)); // any change since would have aborted this request
      drawOverlay();
      renderResult(result);
      timing.textContent = `Evaluated ${plural(result.changedCells, 'changed cell', 'changed cells')}; the server answered in ${Math.round(performance.now() - started)} ms.`;
    } catch (error) {
      if (controller.signal.aborted) return;
      resultBox.replaceChildren(h('p', { class: 'field-error' }, `Could not evaluate the scenario: ${errorText(error)}`));
    } finally {
      resultBox.classList.remove('is-stale');
      if (inFlight === controller) inFlight = null;
    }
  }

  function errorText(error: unknown): string {
    const message = ctx.explain(error);
    if (error instanceof api.ApiError && error.errors.length) return error.errors.map((e) => `${describePath(e.path)}: ${e.message}`).join('; ');
    return message;
  }

  /** "add.0.lon" → "New access point 1". */
  function describePath(path: string): string {
    const [list, index] = path.split('.');
    const i = Number(index);
    if (list === 'add') return `New access point ${i + 1}`;
    if (list === 'move') return `Moved access point ${[...moved.keys()][i] ?? ''}`;
    return path;
  }

  function renderResult(r: api.WhatIfResult): void {
    const rows: [string, string, string, string][] = [
      ['Covered area', area(r.coveredAreaM2.before), area(r.coveredAreaM2.after), signed(r.coveredAreaM2.change, area)],
      ['Covered share of Kitchener', percent(r.coveredShare.before), percent(r.coveredShare.after), points(r.coveredShare.before, r.coveredShare.after)],
      ['Demand covered', count(r.demandCovered.before), count(r.demandCovered.after), signed(r.demandCovered.change, count)],
      ['Area in gaps', area(r.gaps.before.areaM2), area(r.gaps.after.areaM2), signed(r.gaps.after.areaM2 - r.gaps.before.areaM2, area)],
      ['Gaps', count(gapCount(r.gaps.before)), count(gapCount(r.gaps.after)), signed(gapCount(r.gaps.after) - gapCount(r.gaps.before), count)],
    ];
    const warnings = r.added.map((a, i) => noGainWarning(i + 1, a.addsCoveredAreaM2)).filter((w): w is string => w !== null);
    const wards = r.wards.filter((w) => w.coveredShareAfter !== w.coveredShareBefore);
    fill(
      resultBox,
      h('p', { class: 'pl-headline', 'data-testid': 'whatif-area-change' }, `Covered area ${signed(r.coveredAreaM2.change, area)} (${points(r.coveredShare.before, r.coveredShare.after)}), demand covered ${signed(r.demandCovered.change, count)}.`),
      ...warnings.map((w) => h('p', { class: 'pl-warning', 'data-testid': 'whatif-no-gain' }, w)),
      numbersTable(['', 'Today', 'Scenario', 'Change'], rows, 'What this scenario changes'),
      wards.length
        ? h('p', { class: 'hint' }, `Wards that change: ${wards.map((w) => `${w.id.replace('ward-', 'Ward ')} ${percent(w.coveredShareBefore)} → ${percent(w.coveredShareAfter)}`).join('; ')}.`)
        : null,
      r.demandCovered.newlyCoveredPlaceIds.length || r.demandCovered.lostPlaceIds.length
        ? h('p', { class: 'hint' }, `${plural(r.demandCovered.newlyCoveredPlaceIds.length, 'place or stop gains', 'places and stops gain')} usable Wi-Fi; ${plural(r.demandCovered.lostPlaceIds.length, 'loses', 'lose')} it.`)
        : null,
    );
  }

  function renderChanges(): void {
    const items: HTMLElement[] = [];
    added.forEach((a, i) => {
      const remove = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Remove new access point ${i + 1} from the scenario` }, 'Remove');
      remove.addEventListener('click', () => {
        a.marker?.remove();
        added.splice(added.indexOf(a), 1);
        // Numbers follow the list: redraw the remaining markers.
        if (active) {
          removeMarkers();
          drawMarkers();
        }
        changed();
      });
      const label = `Where is new access point ${i + 1}?`;
      const where = h('select', { class: 'pl-small', 'aria-label': label }, ...options(Object.entries(environmentLabels), a.environment));
      where.addEventListener('change', () => {
        a.environment = where.value as api.ApEnvironment;
        a.reachM = null;
        changed();
        changes.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)?.focus(); // the list was redrawn: keep the keyboard's place
      });
      items.push(row(`New access point ${i + 1}`, `${coordinate(a.at.lat)}, ${coordinate(a.at.lon)}`, where, remove));
    });
    for (const [id, m] of moved) {
      const undo = h('button', { type: 'button', class: 'pl-button pl-small' }, 'Undo move');
      undo.addEventListener('click', () => {
        m.marker?.remove();
        moved.delete(id);
        changed();
      });
      items.push(row(`Moved: ${registry.get(id)?.properties.name ?? `#${id}`}`, `to ${coordinate(m.to.lat)}, ${coordinate(m.to.lon)}`, undo));
    }
    for (const id of removed) {
      const restore = h('button', { type: 'button', class: 'pl-button pl-small' }, 'Restore');
      restore.addEventListener('click', () => {
        removed.delete(id);
        changed();
      });
      items.push(row(`Removed: ${registry.get(id)?.properties.name ?? `#${id}`}`, 'switched off in this scenario', restore));
    }
    changes.replaceChildren(...(items.length ? items : [h('li', { class: 'hint' }, 'No changes yet.')]));
    const on = registry.entries.filter((e) => e.properties.status === 'active' && !removed.has(e.properties.id)).sort((a, b) => a.properties.name.localeCompare(b.properties.name));
    switchOff.replaceChildren(...on.map((e) => h('option', { value: e.properties.id }, e.properties.name)));
    switchOffButton.disabled = on.length === 0;
    clear.disabled = items.length === 0;
    saved.setCanSave(items.length > 0);
  }

  function load(scenario: api.ScenarioBody): void {
    removeMarkers();
    added.length = 0;
    moved.clear();
    removed.clear();
    for (const a of scenario.add) added.push({ at: { lon: a.lon, lat: a.lat }, marker: null, environment: a.environment ?? api.defaultEnvironment, reachM: null });
    for (const m of scenario.move) moved.set(m.id, { to: { lon: m.lon, lat: m.lat }, marker: null });
    for (const id of scenario.remove) removed.add(id);
    if (active) drawMarkers();
    if (added.length) void learnReach();
    changed();
  }

  function decoratePopup(hit: Extract<MapHit, { layer: 'accessPoints' }>, content: HTMLElement): void {
    const id = hit.properties.id;
    const isRemoved = removed.has(id);
    const toggleRemove = h('button', { type: 'button', class: 'pl-button', 'aria-pressed': String(isRemoved) }, isRemoved ? 'Keep in this scenario' : 'Remove in this scenario');
    toggleRemove.addEventListener('click', () => {
      if (removed.has(id)) removed.delete(id);
      else removed.add(id);
      view.closePopup();
      changed();
    });
    const move = h('button', { type: 'button', class: 'pl-button' }, moved.has(id) ? 'Undo the move' : 'Move in this scenario');
    move.addEventListener('click', () => {
      view.closePopup();
      const existing = moved.get(id);
      if (existing) {
        existing.marker?.remove();
        moved.delete(id);
      } else {
        const entry: Moved = { to: hit.at, marker: null };
        moved.set(id, entry);
        entry.marker = movedMarker(id, entry);
        ctx.say('Drag the ↔ marker to where the access point would go.');
      }
      changed();
    });
    content.append(h('div', { class: 'pl-popup-actions', role: 'group', 'aria-label': 'What-if' }, toggleRemove, move));
  }

  renderChanges();
  const unsubscribe = registry.on(renderChanges);
  view.onMoveEnd(() => active && drawOverlay()); // the halo keeps its size on screen
  resultBox.replaceChildren(h('p', { class: 'hint' }, 'Add, move or remove an access point to see what changes.'));

  return {
    id: 'whatif',
    label: 'What-if',
    panel,
    addSites(sites) {
      for (const at of sites) add(at);
    },
    activate() {
      active = true;
      view.setPicking(clickToAdd);
      drawMarkers();
      drawOverlay();
      if (!isEmpty() && !lastResult) changed();
      void saved.refresh();
    },
    deactivate() {
      active = false;
      view.setPicking(false);
      removeMarkers();
      ctx.overlays.clear('whatif');
    },
    handleMapClick({ lngLat, hit }: MapClick) {
      if (!clickToAdd || hit?.layer === 'accessPoints') return false; // an access point opens its popup: remove or move it there
      add(lngLat);
      return true;
    },
    decoratePopup,
    destroy() {
      unsubscribe();
      clearTimeout(timer);
      inFlight?.abort();
      removeMarkers();
    },
  };
}

function row(title: string, detail: string, ...actions: HTMLElement[]): HTMLElement {
  return h('li', { class: 'pl-row' }, h('div', { class: 'pl-row-main' }, h('span', {}, title), h('span', { class: 'hint' }, detail)), h('div', { class: 'pl-row-actions' }, ...actions));
}
