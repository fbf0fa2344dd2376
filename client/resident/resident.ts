// Everything a resident does beside looking at the map, wired to one MapView: coverage and gaps, the
// report flow with "me too", the outbox, "my reports", the list view and the connection test.
import * as api from '../api';
import './resident.css';
import { createCoverageLayer } from '../coverage/coverage-layer'; // cells for the view, refetched after each move
import { explanationContent, explanationSummary } from '../coverage/explain'; // "why this colour?"
import { renderGapList } from '../coverage/gap-list'; // ranked gaps; choosing one moves the map
import { renderLayerControls } from '../coverage/layer-controls'; // "Show on map" switches and legend entries
import type { LngLat, MapView } from '../map/map-view';
import { createOutbox, type OutboxItem, type SendResult } from '../offline/outbox'; // IndexedDB queue, sent when online
import { createQueueIndicator } from '../offline/queue-indicator'; // "Offline · 2 waiting to send"
import { onDataUpdated } from '../offline/service-worker'; // newer data behind a cached answer
import { newClientId } from '../report/client-id';
import { createReportFlow } from '../report/report-flow'; // "Report a problem here"
import { insideServiceArea } from '../report/service-area-check'; // a pin the server would refuse is refused before queueing
import { createThankYou } from '../report/thank-you'; // the answer after sending, until dismissed
import { createConnectionTest } from '../speedtest/connection-test'; // "Test my connection"
import { createPanel, closeOtherPanels, el, panelButton } from '../ui/panel';
import { rememberReport } from './device';
import { createListView } from './list-view'; // the map as a list
import { createMyReports } from './my-reports';
import { createReportsStore, type ReportsStore } from './reports-store';

export interface ResidentOptions {
  view: MapView;
  after: Promise<unknown>; // coverage and gaps are fetched once this settles (the hotspots are drawn)
  kinds: { id: api.ReportKind; label: string }[];
  serviceArea: api.BBox;
  serviceAreaMarginM: number; // m beyond the boundary that the server still accepts
  announce: (message: string) => void;
}

export interface Resident {
  reports: ReportsStore;
  /** The city boundary, once loaded: pins outside it (beyond the margin) are refused before queueing. */
  setBoundary(boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon | null): void;
  setAccessPoints(accessPoints: api.AccessPointCollection): void;
  isPicking(): boolean;
  placePin(at: LngLat): void;
  /** A click on the map away from any point: explains the coverage cell there, or closes the popup. */
  explainAt(at: LngLat): void;
  /** Resolves when coverage and gaps for the first view have been drawn. */
  coverageReady: Promise<void>;
  /** A planner changed the registry: redraw the access points, then coverage and gaps from the server. */
  registryChanged(accessPoints: api.AccessPointCollection): void;
}

export function startResident({ view, after, kinds, serviceArea, serviceAreaMarginM, announce }: ResidentOptions): Resident {
  let accessPoints: api.AccessPointCollection | null = null;
  let boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon | null = null;
  const reports = createReportsStore(view);
  const thankYou = createThankYou(document.querySelector<HTMLElement>('.map-area')!, () => document.getElementById('report-button')?.focus());

  const outbox = createOutbox({
    onSent(item: OutboxItem, result: SendResult, { background }) {
      if (result.type !== 'observation') {
        reports.upsert(result.report);
        // A reopened report is remembered already: this keeps its role and tells "my reports" to redraw.
        rememberReport(Number(result.report.properties.id), result.type === 'report' ? 'sent' : 'confirmed', item.queuedAt);
        invalidateCachedReports();
      }
      if (!background) return; // the form already said so when it was sent at once
      announce(`Sent: ${item.label}.`);
      thankYou.show(`Sent: ${item.label}`, 'It waited on this phone and has now reached the City. Thank you.', 'done');
    },
    onRefused(item: OutboxItem) {
      // A queued item the server will never take (a 4xx): said where the resident looks, not only in "My reports".
      const why = `The server refused it: ${item.error ?? 'no reason given'}. Open “My reports” to remove it, then send it again corrected.`;
      announce(`Not sent: ${item.label}. ${why}`);
      thankYou.show(`Not sent: ${item.label}`, why, 'refused');
    },
  });

  // ---- header: the panels' buttons, the queue indicator, a way past the map for keyboards ----
  const main = document.querySelector<HTMLElement>('.app-main')!;
  const listPanel = createPanel({ id: 'panel-list', title: 'Nearby free Wi-Fi', host: main });
  const gapPanel = createPanel({ id: 'panel-gaps', title: 'Gaps in free Wi-Fi', host: main });
  const myPanel = createPanel({ id: 'panel-my-reports', title: 'My reports', host: main });
  const testPanel = createPanel({ id: 'panel-test', title: 'Test my connection', host: main });
  const whyPanel = createPanel({ id: 'panel-why', title: 'Why this colour?', host: main });

  const header = document.querySelector<HTMLElement>('.app-header')!;
  let nav = document.getElementById('resident-nav'); // in index.html, so its room is kept from the first paint
  if (!nav) {
    nav = el('nav', { className: 'resident-nav' });
    nav.setAttribute('aria-label', 'Wi-Fi Reach');
    header.after(nav);
  }
  nav.append(panelButton(listPanel, 'List'), panelButton(gapPanel, 'Gaps'), panelButton(myPanel, 'My reports'), panelButton(testPanel, 'Speed test'));
  header.append(createQueueIndicator(outbox, (control) => myPanel.open(control)));
  const skip = el('button', { type: 'button', className: 'skip-link', textContent: 'Skip the map: list of nearby free Wi-Fi' });
  skip.addEventListener('click', () => listPanel.open(skip));
  document.body.prepend(skip);
  document.getElementById('report-button')?.addEventListener('click', () => closeOtherPanels());

  // ---- layers ----
  const coverage = createCoverageLayer({
    view,
    serviceArea,
    // Offline, the header already says so; the live region keeps the message about the map itself.
    onUnavailable: () => navigator.onLine && announce('Coverage for this area could not be loaded. Move the map to try again.'),
  });
  const visibility = renderLayerControls(document.getElementById('legend-body')!, view, (layer, visible) => {
    if (layer === 'coverage') coverage.setEnabled(visible);
  });
  coverage.setEnabled(visibility.coverage);
  const gapList = renderGapList(gapPanel, { view, announce });
  const loadGaps = () =>
    api
      .getGapOutlines()
      .then((gaps) => {
        view.setData('gaps', gaps);
        gapList.show(gaps);
      })
      .catch(() => gapList.show(null));
  const coverageReady = Promise.all([view.loaded, after]).then(() => Promise.all([coverage.refresh(), loadGaps()])).then(() => undefined);

  // ---- panels ----
  const test = createConnectionTest(testPanel, { view, outbox, accessPoints: () => accessPoints, announce });
  createMyReports(myPanel, { outbox, announce });
  createListView(listPanel, {
    view,
    accessPoints: () => accessPoints,
    reports,
    coverage: () => coverage.current(),
    meToo: async (report) => {
      const outcome = await outbox.add(
        { type: 'confirmation', reportId: Number(report.id), body: { clientId: newClientId() } },
        `“Me too”: ${kinds.find((k) => k.id === report.kind)?.label ?? report.kind} (report ${report.id})`,
      );
      announce(
        outcome.state === 'sent'
          ? `Thank you. You said “me too” to report ${report.id}.`
          : outcome.state === 'queued'
            ? 'No connection right now. Your “me too” is saved on this phone and will be sent when you are back online.'
            : `Not sent: ${outcome.item.error ?? outcome.error.message}`,
      );
    },
  });
  const inServiceArea = (at: LngLat) =>
    at.lon >= serviceArea[0] && at.lon <= serviceArea[2] && at.lat >= serviceArea[1] && at.lat <= serviceArea[3] && (!boundary || insideServiceArea(at, boundary, serviceAreaMarginM));
  const flow = createReportFlow({ view, kinds, announce, outbox, accessPoints: () => accessPoints, inServiceArea, thankYou, testConnectionAt: (at) => test.openAt(at) });

  // ---- newer data arrived behind a cached answer: redraw from it ----
  const later = debounce(250);
  onDataUpdated((url) => {
    const path = url.pathname;
    if (path === '/api/v1/reports' && !url.search) later('reports', async () => reports.set(await api.getReports()));
    else if (path === '/api/v1/access-points' && !url.search) later('access-points', async () => setAccessPoints(await api.getAccessPoints()));
    else if (path === '/api/v1/coverage/cells') later('cells', async () => coverage.invalidate());
    else if (path === '/api/v1/coverage/gaps') later('gaps', loadGaps);
  });

  function setAccessPoints(next: api.AccessPointCollection): void {
    accessPoints = next;
    view.setData('accessPoints', next);
  }

  let explaining = 0;
  return {
    reports,
    setBoundary: (next) => void (boundary = next),
    setAccessPoints,
    isPicking: () => flow.isPicking(),
    placePin: (at) => flow.placePin(at),
    explainAt(at) {
      view.closePopup();
      if (!visibility.coverage) return;
      const asked = ++explaining;
      api
        .explainCoverage(at.lon, at.lat)
        .then((x) => {
          if (asked !== explaining || !x.insideCity) return;
          const byId = new Map((accessPoints?.features ?? []).map((f) => [f.properties.id, f.properties]));
          // A short popup on the map; the whole story in a panel, where a phone has room to read it.
          view.showPopup(at, explanationSummary(x, () => {
            whyPanel.body.replaceChildren(explanationContent(x, (id) => byId.get(id)));
            whyPanel.open();
          }));
        })
        .catch((error: Error) => announce(`Could not explain this spot: ${error.message}`));
    },
    coverageReady,
    registryChanged(next) {
      setAccessPoints(next);
      coverage.invalidate();
      void loadGaps();
    },
  };
}

/** After this device wrote a report or "me too", cached report lists are out of date. */
function invalidateCachedReports(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: 'invalidate', prefix: '/api/v1/reports' });
}

function debounce(ms: number) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return (key: string, run: () => Promise<unknown>) => {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => void run().catch(() => undefined), ms));
  };
}
