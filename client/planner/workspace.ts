// The planner workspace: the resident map with a side panel of staff tools, one tab each.
import './planner.css';
import * as api from '../api';
import { accessPointPopup, accessPointStatusLabels, assessmentLines } from '../map/core';
import type { MapClick, MapHit } from '../map/map-view';
import { explainer, Overlays, Registry, Stats, type PlannerContext, type StaffHost, type TabId, type Tool } from './context'; // shared state
import { h } from './dom';
import { percent, points } from './format';
import { createDataTool } from './data'; // layer downloads and WiGLE uploads
import { createGapsTool } from './gaps'; // covered shares, charts over time, ranked gaps
import { createRegistryTool } from './registry'; // add, edit, move, status, import
import { createSitingTool } from './siting'; // recommended sites and the marginal-gain curve
import { createTriageTool } from './triage'; // the report queue
import { createWhatIfTool } from './whatif'; // scenarios: evaluate, save, compare, export
import { gapCountWords } from './map-words'; // the one gap count every tab shows

export interface Workspace {
  handleMapClick(click: MapClick): boolean;
  decoratePopup(hit: MapHit, content: HTMLElement): void;
  destroy(): void;
  /** The registry and statistics have loaded (the panel is on screen before: a sign-out meanwhile can remove it). */
  loaded: Promise<void>;
}

export function createWorkspace(host: StaffHost & { session: api.StaffSession; onSessionEnded: (message: string) => void }): Workspace {
  const explain = explainer(host.onSessionEnded);
  const closing = new AbortController(); // destroy() aborts the loads still on their way
  const stats = new Stats(explain, host.say, closing.signal);
  const registry = new Registry(host, stats, closing.signal);
  const overlays = new Overlays(host.view);

  const tablist = h('div', { role: 'tablist', 'aria-label': 'Planner tools', class: 'pl-tabs' });
  const summary = h('p', { class: 'pl-summary', 'aria-live': 'polite' }, 'Loading coverage…');
  const panel = h('aside', { id: 'planner', class: 'planner', 'aria-label': 'Planner workspace' }, summary, tablist);

  let active: Tool | null = null;
  const ctx: PlannerContext = {
    ...host,
    registry,
    stats,
    overlays,
    explain,
    showTab: (id) => select(id, { focus: false }),
    whatIfAdd: (sites) => whatif.addSites(sites),
    editAccessPoint: (id, mode) => {
      select('registry', { focus: false });
      registryTool.open(id, mode);
    },
  };

  const registryTool = createRegistryTool(ctx);
  const whatif = createWhatIfTool(ctx);
  const tools: Tool[] = [registryTool, createTriageTool(ctx), createGapsTool(ctx), createSitingTool(ctx), whatif, createDataTool(ctx)];

  for (const tool of tools) {
    const tab = h('button', { type: 'button', role: 'tab', id: `pl-tab-${tool.id}`, 'aria-controls': `pl-panel-${tool.id}`, 'aria-selected': 'false', tabindex: '-1', class: 'pl-tab' }, tool.label);
    tab.addEventListener('click', () => select(tool.id, { focus: false }));
    tablist.append(tab);
    Object.assign(tool.panel, { id: `pl-panel-${tool.id}`, hidden: true });
    tool.panel.setAttribute('role', 'tabpanel');
    tool.panel.setAttribute('aria-labelledby', tab.id);
    tool.panel.classList.add('pl-panel');
    panel.append(tool.panel);
  }
  // Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation).
  tablist.addEventListener('keydown', (event) => {
    const i = tools.findIndex((t) => t === active);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tools.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(tools[(next + tools.length) % tools.length].id, { focus: true });
  });

  function select(id: TabId, { focus }: { focus: boolean }): void {
    const tool = tools.find((t) => t.id === id)!;
    if (tool === active) return;
    active?.deactivate?.();
    for (const t of tools) {
      const tab = document.getElementById(`pl-tab-${t.id}`)!;
      const on = t === tool;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
      if (on && focus) tab.focus();
    }
    active = tool;
    host.view.closePopup();
    tool.activate?.();
  }

  const unsubscribe = stats.on(() => {
    const now = stats.current;
    if (!now) return;
    const before = stats.previous;
    const change = before && before.modelVersion !== now.modelVersion ? ` (${points(before.city.coveredShare, now.city.coveredShare)} after the last change)` : '';
    summary.textContent = `Kitchener: ${percent(now.city.coveredShare)} covered by free Wi-Fi${change} · ${gapCountWords(now.gaps)}`;
  });

  document.querySelector('.app-main')!.prepend(panel);
  document.body.classList.add('is-staff');
  // The panel takes a third of the width; the legend (and its layer switches) folds away until asked for.
  document.getElementById('legend')?.removeAttribute('open');
  select('registry', { focus: false });
  const loaded = (async () => {
    await host.ready.catch(() => undefined); // the resident layers first, so ours replace them rather than race
    await registry.refresh().catch((error: unknown) => {
      if (!closing.signal.aborted) host.say(`Could not load the registry: ${explain(error)}`);
    });
  })();

  /** One click from a popup: mark an access point down or back up (the same PATCH a monitoring script uses). */
  function liveStatus(hit: Extract<MapHit, { layer: 'accessPoints' }>, content: HTMLElement): void {
    const ap = hit.properties;
    const next: api.AccessPointStatus = ap.status === 'active' ? 'down' : 'active';
    const label = ap.status === 'active' ? 'Mark down' : ap.status === 'down' ? 'Mark up (active)' : 'Mark active';
    const button = h('button', { type: 'button', class: 'pl-button', 'data-action': 'live-status' }, label);
    const edit = h('button', { type: 'button', class: 'pl-button pl-quiet' }, 'Edit');
    const move = h('button', { type: 'button', class: 'pl-button pl-quiet' }, 'Move');
    const message = h('p', { class: 'pl-popup-message', role: 'status' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const updated = await api.updateAccessPoint(ap.id, { status: next });
        registry.replace(updated);
        void stats.refresh({ afterChange: true });
        host.say(`${updated.properties.name} is now ${accessPointStatusLabels[updated.properties.status].toLowerCase()}; residents see it at once.`);
        const refreshed = accessPointPopup(updated.properties);
        decoratePopup({ ...hit, properties: updated.properties }, refreshed);
        host.view.showPopup(hit.at, refreshed);
      } catch (error) {
        message.textContent = explain(error);
        button.disabled = false;
      }
    });
    edit.addEventListener('click', () => ctx.editAccessPoint(ap.id, 'edit'));
    move.addEventListener('click', () => ctx.editAccessPoint(ap.id, 'move'));
    content.append(h('div', { class: 'pl-popup-actions', role: 'group', 'aria-label': 'Staff actions' }, button, edit, move), message);
  }

  function decoratePopup(hit: MapHit, content: HTMLElement): void {
    if (hit.layer !== 'accessPoints') return;
    // Planners see what the readings say: fitted reach and position, and what phones near it heard.
    for (const line of assessmentLines(hit.properties)) content.append(h('p', { class: 'pl-evidence' }, line));
    liveStatus(hit, content);
    active?.decoratePopup?.(hit, content);
  }

  return {
    handleMapClick: (click) => active?.handleMapClick?.(click) ?? false,
    decoratePopup,
    loaded,
    destroy() {
      closing.abort();
      active?.deactivate?.();
      for (const tool of tools) tool.destroy?.();
      unsubscribe();
      host.view.setData('overlay', { type: 'FeatureCollection', features: [] });
      panel.remove();
      document.body.classList.remove('is-staff');
    },
  };
}
