// The map as a list: free Wi-Fi and open reports nearest a spot (the resident's location, or the centre
// of the map), coverage at that spot with its explanation. Everything the map shows, without the map.
import { explainCoverage, type AccessPointCollection, type AccessPointProps, type CoverageCollection, type ReportProps } from '../api';
import { explanationContent } from '../coverage/explain';
import { accessPointPopup, accessPointStatusLabels, formatDistanceM, reportKindLabel } from '../map/core';
import { coverageLabels } from '../map/coverage-style';
import type { LngLat, MapView } from '../map/map-view';
import { canLocate, locate } from '../report/locate';
import { button, el, type Panel } from '../ui/panel';
import { rememberedReports } from './device';
import { byDistance, distanceM } from './nearby';
import { statusWords } from './my-reports';
import type { ReportsStore } from './reports-store';

const listedAccessPoints = 8; // nearest first; "Show more" lists the rest
const reportRadiusM = 1_000; // m: about a ten-minute walk
const listedReports = 10;
const settleMs = 300; // after the map stops moving
/**
 * m: the coverage block (and an explanation opened in it) stays while the spot moves less than this, half a 25 m
 * cell. Keyed to the metre, a map nudged by opening the panel redrew it and dropped the explanation just asked for
 * (the accessibility browser test, Leaflet, on a loaded machine).
 */
const hereStillM = 12.5;

export interface ListViewDeps {
  view: MapView;
  accessPoints: () => AccessPointCollection | null;
  reports: ReportsStore;
  coverage: () => CoverageCollection;
  meToo: (report: ReportProps) => Promise<void>;
}

export function createListView(panel: Panel, { view, accessPoints, reports, coverage, meToo }: ListViewDeps) {
  let fix: (LngLat & { accuracyM: number }) | null = null;
  let showAll = false;
  let hereAt: LngLat | null = null, hereFix = false; // the spot the coverage block describes, and whether it is the resident's
  let timer: ReturnType<typeof setTimeout> | undefined;

  const reference = el('p', { className: 'hint' });
  const useLocation = button('Use my location', () => void locateMe());
  if (!canLocate()) useLocation.hidden = true;
  const here = el('div', { className: 'coverage-here' });
  const wifiList = el('ol', { className: 'item-list' });
  const more = button('Show all free Wi-Fi', () => {
    showAll = true;
    render();
    wifiList.querySelectorAll('li')[listedAccessPoints]?.querySelector('button')?.focus();
  });
  const reportList = el('ul', { className: 'item-list' });
  const reportsEmpty = el('p', { className: 'hint' });

  panel.body.append(
    el('div', { className: 'reference-row' }, reference, useLocation),
    here,
    el('section', { className: 'panel-section' }, el('h3', { className: 'section-title', textContent: 'Free Wi-Fi, nearest first' }), wifiList, more),
    el('section', { className: 'panel-section' }, el('h3', { className: 'section-title', textContent: `Open reports within ${formatDistanceM(reportRadiusM)}` }), reportsEmpty, reportList),
  );

  panel.onOpen(() => render());
  view.onMoveEnd(() => {
    if (!panel.isOpen || fix) return;
    clearTimeout(timer);
    timer = setTimeout(render, settleMs);
  });
  reports.subscribe(() => {
    if (panel.isOpen) render();
  });

  async function locateMe(): Promise<void> {
    useLocation.disabled = true;
    useLocation.textContent = 'Finding your location…';
    try {
      const found = await locate();
      fix = { lon: found.lon, lat: found.lat, accuracyM: found.accuracyM };
      render();
    } catch (error) {
      reference.textContent = `${(error as Error).message.replace(' Tap the map where the problem is instead.', '')} Distances are from the centre of the map.`;
    } finally {
      useLocation.disabled = false;
      useLocation.textContent = fix ? 'Update my location' : 'Use my location';
    }
  }

  function render(): void {
    const at = fix ?? view.center();
    reference.textContent = fix ? `Distances from your location (±${formatDistanceM(fix.accuracyM)}).` : 'Distances from the centre of the map. Move the map, or use your location.';
    renderHere(at);
    renderAccessPoints(at);
    renderReports(at);
  }

  function renderHere(at: LngLat): void {
    if (hereAt && hereFix === (fix !== null) && distanceM(at, hereAt) < hereStillM) return;
    [hereAt, hereFix] = [at, fix !== null];
    const cell = coverage().features.find((f) => contains(f.geometry.coordinates[0], at));
    const words = cell ? `${coverageLabels[cell.properties.class]} expected ${fix ? 'where you are' : 'at the centre of the map'}.` : `Coverage ${fix ? 'where you are' : 'at the centre of the map'}:`;
    const explanation = el('div', { className: 'explain-inline' });
    const why = button('Why this colour?', async () => {
      why.disabled = true;
      try {
        const x = await explainCoverage(at.lon, at.lat);
        const byId = new Map((accessPoints()?.features ?? []).map((f) => [f.properties.id, f.properties]));
        explanation.replaceChildren(explanationContent(x, (id) => byId.get(id)));
        const title = explanation.querySelector<HTMLElement>('.popup-title');
        title?.setAttribute('tabindex', '-1');
        title?.focus();
      } catch (error) {
        explanation.replaceChildren(el('p', { className: 'field-error', textContent: `The explanation could not be loaded: ${(error as Error).message}` }));
      } finally {
        why.disabled = false;
      }
    });
    here.replaceChildren(el('p', { className: 'coverage-here-text', textContent: words }), why, explanation);
  }

  function renderAccessPoints(at: LngLat): void {
    const all = byDistance(accessPoints(), at).filter((a) => a.properties.status !== 'retired');
    const shown = showAll ? all : all.slice(0, listedAccessPoints);
    more.hidden = showAll || all.length <= listedAccessPoints;
    wifiList.replaceChildren(
      ...shown.map(({ properties: ap, at: position, distanceM: d }) => {
        const show = button('Show on map', () => {
          view.flyTo(position, 16);
          view.showPopup(position, accessPointPopup(ap));
        });
        show.setAttribute('aria-label', `Show ${ap.name} on the map`);
        return el(
          'li',
          { className: `list-item ap-${ap.status}` },
          el('span', { className: 'item-title', textContent: ap.name }),
          el('span', { className: 'item-detail', textContent: accessPointDetail(ap, d) }),
          show,
        );
      }),
    );
    if (all.length === 0) wifiList.append(el('li', { className: 'hint', textContent: 'The free Wi-Fi list has not loaded yet.' }));
  }

  function renderReports(at: LngLat): void {
    const mine = new Map(rememberedReports().map((r) => [r.id, r.role]));
    const near = reports
      .get()
      .features.filter((f) => f.properties.status === 'open' || f.properties.status === 'acknowledged' || f.properties.status === 'planned')
      .map((f) => ({ p: f.properties, d: distanceM(at, { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }) }))
      .filter((r) => r.d <= reportRadiusM)
      .sort((a, b) => a.d - b.d)
      .slice(0, listedReports);
    reportsEmpty.textContent = near.length === 0 ? 'No open reports nearby.' : '';
    reportList.replaceChildren(
      ...near.map(({ p, d }) => {
        const confirmations = p.confirmations ?? 0;
        const role = mine.get(Number(p.id));
        const detail = [
          statusWords[p.status]?.[0] ?? p.status,
          `${formatDistanceM(d)} away`,
          confirmations > 0 ? `${confirmations} said “me too”` : null,
        ].filter(Boolean);
        const li = el('li', { className: 'list-item' }, el('span', { className: 'item-title', textContent: reportKindLabel(p.kind) }), el('span', { className: 'item-detail', textContent: detail.join(' · ') }));
        if (role) li.append(el('span', { className: 'item-detail', textContent: role === 'sent' ? 'Sent from this phone.' : 'You said “me too”.' }));
        else {
          const agree = button('Me too', async () => {
            agree.disabled = true;
            await meToo(p);
          });
          agree.setAttribute('aria-label', `Me too: ${reportKindLabel(p.kind)}, ${formatDistanceM(d)} away`);
          li.append(agree);
        }
        return li;
      }),
    );
  }

  return { render };
}

function accessPointDetail(ap: AccessPointProps, d: number): string {
  const parts = [
    ap.ssid?.trim() ? `network ${ap.ssid}` : 'network name not recorded',
    `${formatDistanceM(d)} away`,
    ap.status === 'down' ? 'down right now' : ap.status === 'active' ? `reaches about ${formatDistanceM(ap.reachM)}` : accessPointStatusLabels[ap.status].toLowerCase(),
  ];
  return parts.join(' · ');
}

/** Cells are axis-aligned boxes in lon/lat: a bounds check is exact. */
function contains(ring: number[][], at: LngLat): boolean {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const [lon, lat] of ring) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  return at.lon >= minLon && at.lon < maxLon && at.lat >= minLat && at.lat < maxLat;
}
