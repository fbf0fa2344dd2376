// What the readings suggest, for a planner to decide in the Registry tab: hotspots phones found that the
// registry does not know (accept with a name, or reject), and access points phones near them no longer hear
// ("it still works", or mark down). Every decision refreshes the lists, the map layers and the statistics.
import * as api from '../api';
import { assessmentLines, formatDistanceM } from '../map/core';
import { overlayColours, reachShape, type PlannerContext } from './context';
import { h } from './dom';
import { count, plural } from './format';
import { besideListingWords, defaultDiscoveryName, discoveryWords, findsBesideWords, heardApartSummary, heardApartWords } from './hotspot-words';

export interface SuggestionsSection {
  element: HTMLElement;
  refresh(): Promise<void>;
  destroy(): void;
}

const showZoom = 17; // close enough to see the hotspot's reach against the streets
const FIRST_SHOWN = 20; // the best heard (the server lists them first); two phones can name thousands of made-up BSSIDs

export function createSuggestionsSection(ctx: PlannerContext): SuggestionsSection {
  const { view, registry } = ctx;
  const discoveryList = h('ul', { class: 'pl-list', 'aria-label': 'Hotspots suggested by readings', 'data-testid': 'discoveries' });
  const discoveryStatus = h('p', { class: 'hint', role: 'status' });
  // Left out as spoofed or moving: what an attack on the map looks like, so planners can see one happen.
  const apartSummary = h('summary', {});
  const apartList = h('ul', { class: 'pl-list', 'aria-label': 'BSSIDs heard too far apart for one hotspot' });
  const apart = h(
    'details',
    { class: 'pl-apart', 'data-testid': 'heard-apart', hidden: true },
    apartSummary,
    h('p', { class: 'hint' }, 'Phones named each of these loudly in places no single hotspot reaches. It is a name several devices agree on for a hotspot that is not there (someone faking coverage), or a hotspot that moves (on a bus, a phone sharing its connection). They are not placed or drawn. If one is a City hotspot, check its configuration.'),
    apartList,
  );
  const downList = h('ul', { class: 'pl-list', 'aria-label': 'Access points probably down', 'data-testid': 'probably-down' });
  const downStatus = h('p', { class: 'hint' });
  const element = h(
    'section',
    { class: 'pl-suggestions' },
    h('h3', { class: 'pl-subtitle' }, 'Suggested by readings'),
    h('p', { class: 'hint' }, 'Hotspots broadcasting a City network name that phones hear, but the registry does not list. Residents see one on the map once several phones have heard it; a find by fewer is listed here first. Accepting adds one where the readings place it. "Show on map" draws its reach (green, dashed) and the circle it most likely stands in (amber).'),
    discoveryStatus,
    discoveryList,
    apart,
    h('h3', { class: 'pl-subtitle' }, 'Probably down'),
    h('p', { class: 'hint' }, 'Active access points that phones right next to them have not heard recently. Residents see them as uncertain until you decide.'),
    downStatus,
    downList,
  );
  let discoveries: api.Discovery[] = [];
  let accepting: string | null = null; // the BSSID whose name is being asked for
  let showAll = false; // the planner asked for the less heard ones too

  async function refresh(): Promise<void> {
    let list: Awaited<ReturnType<typeof api.getDiscoveries>>;
    try {
      list = await api.getDiscoveries();
    } catch (error) {
      discoveries = [];
      discoveryStatus.textContent = `Could not load the suggestions: ${ctx.explain(error)}`;
      discoveryList.replaceChildren();
      apart.hidden = true;
      return;
    }
    discoveries = list.discoveries;
    renderDiscoveries();
    renderDown(); // a listing phones no longer hear says which finds stand beside it
    renderApart(list.heardApart, list.heardApartTotal);
  }

  function renderApart(items: api.HeardApart[], total: number): void {
    apart.hidden = total === 0;
    apartSummary.textContent = heardApartSummary(total) + (items.length < total ? ` (the ${count(items.length)} heard by the most phones listed)` : '');
    apartList.replaceChildren(...items.map((a) => h(
      'li',
      { class: 'pl-row', 'data-bssid': a.bssid },
      h('div', { class: 'pl-row-main' }, h('strong', {}, a.ssid ?? 'No network name'), h('span', { class: 'hint' }, `BSSID ${a.bssid}`), h('span', { class: 'hint' }, heardApartWords(a))),
    )));
  }

  /** Its reach, and for a discovery the circle its true position lies in (outline only: where to look for it). */
  function show(at: [lon: number, lat: number], reachM: number, stroke: string, positionWithinM?: number): void {
    const [lon, lat] = at;
    view.flyTo({ lon, lat }, showZoom);
    const reach = reachShape({ lon, lat }, reachM, { stroke, fill: stroke, dashed: true });
    ctx.overlays.set('suggestion', positionWithinM ? [reach, reachShape({ lon, lat }, positionWithinM, { stroke: overlayColours.site, fill: null, dashed: false })] : [reach]);
  }

  /** Redraws the registry, coverage, gaps and statistics, then the suggestions. */
  async function decided(message: string): Promise<void> {
    ctx.overlays.clear('suggestion');
    await registry.refresh({ afterChange: true });
    await refresh();
    ctx.say(message);
  }

  function renderDiscoveries(): void {
    const shown = showAll ? discoveries : discoveries.slice(0, FIRST_SHOWN), hidden = discoveries.length - shown.length;
    discoveryStatus.textContent = discoveries.length === 0 ? 'No suggestions: every City hotspot phones hear is in the registry.'
      : `${plural(discoveries.length, 'hotspot', 'hotspots')} to decide${hidden > 0 ? `; the ${FIRST_SHOWN} heard by the most phones first` : ''}.`;
    const rows = shown.map(discoveryRow);
    if (hidden > 0) {
      const more = h('button', { type: 'button', class: 'pl-button pl-small', 'data-testid': 'discoveries-more' }, `Show the other ${count(hidden)} (heard less)`);
      more.addEventListener('click', () => {
        showAll = true;
        renderDiscoveries();
        (discoveryList.children[FIRST_SHOWN]?.querySelector('button') as HTMLButtonElement | null)?.focus(); // the planner goes on where the list grew
      });
      rows.push(h('li', { class: 'pl-row pl-more' }, more));
    }
    discoveryList.replaceChildren(...rows);
  }

  function discoveryRow(d: api.Discovery): HTMLElement {
    const showButton = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Show on map: ${d.bssid}` }, 'Show on map');
    showButton.addEventListener('click', () => show(d.position, d.estimatedReachM, overlayColours.hypothetical, d.positionWithinM));
    const accept = h('button', { type: 'button', class: 'pl-button pl-small pl-primary', 'aria-label': `Accept: ${d.bssid}` }, 'Accept');
    const reject = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Reject: ${d.bssid}` }, 'Reject');
    const error = h('p', { class: 'field-error', role: 'alert' });
    const beside = d.besideListing, besideName = beside ? beside.name ?? `access point ${beside.id}` : '';
    // Beside a listing of its network, the planner may know it is that AP's radio: one click adds it to the entry.
    const addTo = beside ? h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Add to that entry: ${besideName}, ${d.bssid}` }, 'Add to that entry') : null;
    const row = h(
      'li',
      { class: 'pl-row pl-discovery', 'data-bssid': d.bssid },
      h(
        'div',
        { class: 'pl-row-main' },
        h('strong', {}, d.ssid ?? 'No network name'),
        h('span', { class: 'hint' }, `BSSID ${d.bssid}`),
        h('span', { class: 'hint' }, discoveryWords(d)),
        beside && h('span', { class: 'hint' }, besideListingWords(d)),
      ),
      h('div', { class: 'pl-row-actions' }, showButton, accept, addTo, reject),
      error,
    );
    addTo?.addEventListener('click', async () => {
      addTo.disabled = true;
      try {
        const entry = await api.getAccessPoint(beside!.id); // its radios as they stand now: the new one is added, none dropped
        const updated = await api.updateAccessPoint(beside!.id, { bssids: [...new Set([...entry.properties.bssids, d.bssid])] });
        await decided(`${updated.properties.name} now lists ${d.bssid}: its readings fit that access point, no longer a new hotspot.`);
      } catch (e) {
        error.textContent = ctx.explain(e);
        addTo.disabled = false;
      }
    });
    accept.addEventListener('click', () => {
      accepting = d.bssid;
      renderDiscoveries();
    });
    reject.addEventListener('click', async () => {
      reject.disabled = true;
      try {
        await api.rejectDiscovery(d.bssid);
        await decided(`Rejected ${d.bssid}: it is no longer drawn on the map or suggested.`);
      } catch (e) {
        error.textContent = ctx.explain(e);
        reject.disabled = false;
      }
    });
    if (accepting === d.bssid) row.append(nameForm(d, error));
    return row;
  }

  function nameForm(d: api.Discovery, error: HTMLElement): HTMLElement {
    const id = `pl-accept-${d.bssid.replace(/:/g, '')}`;
    const name = h('input', { type: 'text', id, name: 'name', maxlength: 200, value: defaultDiscoveryName(d), autocomplete: 'off' });
    const save = h('button', { type: 'submit', class: 'pl-button pl-primary' }, 'Add to the registry');
    const cancel = h('button', { type: 'button', class: 'pl-button' }, 'Cancel');
    const form = h('form', { class: 'pl-accept' }, h('div', { class: 'pl-field' }, h('label', { for: id, class: 'field-label' }, 'Name in the registry'), name), h('div', { class: 'pl-actions' }, save, cancel));
    cancel.addEventListener('click', () => {
      accepting = null;
      renderDiscoveries();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        const created = await api.acceptDiscovery(d.bssid, name.value.trim() || undefined);
        accepting = null;
        await decided(`Added ${created.properties.name} to the registry where the readings place it (reach ≈ ${formatDistanceM(created.properties.reachM)}).`);
      } catch (e) {
        error.textContent = ctx.explain(e);
        save.disabled = false;
      }
    });
    queueMicrotask(() => name.focus());
    return form;
  }

  function renderDown(): void {
    const flagged = registry.entries.filter((e) => e.properties.status === 'active' && e.properties.probablyDown);
    downStatus.textContent = flagged.length === 0 ? 'None: phones hear every active access point they pass.' : `${flagged.length} to check.`;
    downList.replaceChildren(...flagged.map(downRow));
  }

  function downRow(entry: api.RegistryEntry): HTMLElement {
    const p = entry.properties;
    const [lon, lat] = entry.geometry.coordinates;
    const showButton = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Show on map: ${p.name}` }, 'Show on map');
    showButton.addEventListener('click', () => show([lon, lat], p.reachM, overlayColours.removed));
    const works = h('button', { type: 'button', class: 'pl-button pl-small pl-primary', 'aria-label': `It still works: ${p.name}` }, 'It still works');
    const down = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Mark down: ${p.name}` }, 'Mark down');
    const error = h('p', { class: 'field-error', role: 'alert' });
    const act = async (button: HTMLButtonElement, write: () => Promise<api.RegistryEntry>, message: string) => {
      button.disabled = true;
      try {
        await write();
        await decided(message);
      } catch (e) {
        error.textContent = ctx.explain(e);
        button.disabled = false;
      }
    };
    works.addEventListener('click', () => void act(works, () => api.confirmWorking(p.id), `${p.name}: confirmed working; not flagged again for 30 days.`));
    down.addEventListener('click', () => void act(down, () => api.updateAccessPoint(p.id, { status: 'down' }), `${p.name}: marked down; residents see it at once.`));
    return h(
      'li',
      { class: 'pl-row pl-probably-down', 'data-id': p.id },
      h(
        'div',
        { class: 'pl-row-main' },
        h('strong', {}, p.name),
        ...[...assessmentLines(p), findsBesideWords(discoveries.filter((d) => d.besideListing?.id === p.id))].filter(Boolean).map((line) => h('span', { class: 'hint' }, line)),
      ),
      h('div', { class: 'pl-row-actions' }, showButton, works, down),
      error,
    );
  }

  const unsubscribe = registry.on(renderDown);
  renderDown();
  return {
    element,
    refresh,
    destroy() {
      unsubscribe();
      ctx.overlays.clear('suggestion');
    },
  };
}
