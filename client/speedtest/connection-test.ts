// "Test my connection": where, which network (the browser cannot tell), run, and store the figures as an
// observation of that network. Saved through the outbox, so a test with no connection is not lost either.
import type { AccessPointCollection } from '../api';
import { formatDistanceM } from '../map/core';
import type { LngLat, MapView } from '../map/map-view';
import type { Outbox } from '../offline/outbox';
import { newClientId } from '../report/client-id';
import { canLocate, locate } from '../report/locate';
import { networkLabel, networksNear } from '../resident/nearby';
import { button, el, type Panel } from '../ui/panel';
import { runConnectionTest, type TestResult } from './measure';
import { round6 } from '../geo';

interface Where extends LngLat {
  accuracyM?: number;
  source: 'location' | 'centre' | 'report';
}

export interface ConnectionTest {
  /** Opens the panel, optionally at a report's pin ("test my connection afterwards"). */
  openAt(at: (LngLat & { accuracyM?: number }) | null, opener?: HTMLElement | null): void;
}

const otherNetwork = 'other';

/** One decimal below 10 Mbit/s, whole numbers above: more digits than that only look precise. */
export function formatMbps(v: number | null, missing = 'not measured'): string {
  return v === null ? missing : `${v < 10 ? v.toFixed(1) : Math.round(v)} Mbit/s`;
}

export function formatResult(r: Pick<TestResult, 'latencyMs' | 'downMbps' | 'upMbps'>): string {
  return `delay ${r.latencyMs === null ? 'not measured' : `${r.latencyMs} ms`}, download ${formatMbps(r.downMbps)}, upload ${formatMbps(r.upMbps)}`;
}

export function createConnectionTest(
  panel: Panel,
  { view, outbox, accessPoints, announce }: { view: MapView; outbox: Outbox; accessPoints: () => AccessPointCollection | null; announce: (message: string) => void },
): ConnectionTest {
  let where: Where | null = null;
  let running: AbortController | null = null;

  const whereText = el('p', { className: 'hint', id: 'ct-where-text', textContent: 'Not set yet.' });
  const whereError = el('p', { className: 'field-error', id: 'ct-where-error', tabIndex: -1 });
  const useLocation = button('Use my location', () => void locateMe());
  const useCentre = button('Use map centre', () => setWhere({ ...view.center(), source: 'centre' }));
  if (!canLocate()) useLocation.hidden = true;
  const whereGroup = el(
    'div',
    { className: 'field' },
    el('p', { className: 'field-label', id: 'ct-where-label', textContent: 'Where are you?' }),
    whereText,
    el('div', { className: 'button-row' }, useLocation, useCentre),
    whereError,
  );
  whereGroup.setAttribute('role', 'group');
  whereGroup.setAttribute('aria-labelledby', 'ct-where-label');
  whereGroup.setAttribute('aria-describedby', 'ct-where-text ct-where-error');

  const networks = el('div', { className: 'choice-list' });
  const networkError = el('p', { className: 'field-error', id: 'ct-network-error' });
  const networkGroup = el(
    'fieldset',
    { className: 'field' },
    el('legend', { className: 'field-label', textContent: 'Which network is this phone on?' }),
    el('p', { className: 'hint', textContent: 'A browser cannot see Wi-Fi networks, so please say which one.' }),
    networks,
    networkError,
  );
  networkGroup.setAttribute('aria-describedby', 'ct-network-error');

  const start = button('Start the test', () => void run(), 'primary');
  const progressLabel = el('label', { htmlFor: 'ct-progress', textContent: 'Preparing…' });
  const progress = el('progress', { id: 'ct-progress', max: 1, value: 0 });
  const progressBox = el('div', { className: 'test-progress', hidden: true }, progressLabel, progress);
  const result = el('div', { className: 'test-result' }); // announced through the app's one live region

  panel.body.append(
    el('p', { className: 'hint', textContent: 'Measures how this phone reaches Wi-Fi Reach right now: delay, download and upload. Uses at most about 7 MB of data and takes up to 20 seconds.' }),
    whereGroup,
    networkGroup,
    el('div', { className: 'submit-row' }, start),
    progressBox,
    result,
  );
  renderNetworks();

  panel.onOpen(() => {
    if (!where) void locateIfAllowed();
  });
  panel.onClose(() => running?.abort(new DOMException('panel closed', 'AbortError')));

  function setWhere(next: Where): void {
    where = next;
    const accuracy = next.accuracyM ? ` (±${formatDistanceM(next.accuracyM)})` : '';
    whereText.textContent =
      next.source === 'location' ? `Your location${accuracy}.` : next.source === 'report' ? `Where you placed your report’s pin${accuracy}.` : 'The centre of the map.';
    whereError.textContent = '';
    renderNetworks();
  }

  async function locateMe(): Promise<void> {
    useLocation.disabled = true;
    useLocation.textContent = 'Finding your location…';
    try {
      const fix = await locate();
      setWhere({ lon: fix.lon, lat: fix.lat, accuracyM: Math.round(fix.accuracyM), source: 'location' });
    } catch (error) {
      whereError.textContent = `${(error as Error).message.replace('Tap the map where the problem is instead.', '')} You can use the map centre instead.`.trim();
    } finally {
      useLocation.disabled = false;
      useLocation.textContent = 'Use my location';
    }
  }

  /** Only when permission is already granted: opening a panel should not pop a permission prompt. */
  async function locateIfAllowed(): Promise<void> {
    try {
      const state = await navigator.permissions?.query({ name: 'geolocation' });
      if (state?.state === 'granted') await locateMe();
    } catch {
      // the Permissions API is missing or refuses the query: wait for the button
    }
  }

  function renderNetworks(): void {
    const chosen = networks.querySelector<HTMLInputElement>('input:checked')?.value;
    const near = where ? networksNear(accessPoints(), where) : [];
    const options = [
      ...near.map((n) => ({ value: String(n.properties.id), label: `${networkLabel(n.properties)}, ${formatDistanceM(n.distanceM)} away${n.properties.status === 'down' ? ' (marked down)' : ''}` })),
      { value: otherNetwork, label: 'Mobile data or another network' },
    ];
    networks.replaceChildren(
      ...options.map((o) => {
        const input = el('input', { type: 'radio', name: 'ct-network', value: o.value, checked: o.value === chosen });
        input.addEventListener('change', () => (networkError.textContent = ''));
        return el('label', { className: 'kind-option' }, input, el('span', { textContent: o.label }));
      }),
    );
    if (where && near.length === 0)
      networks.prepend(el('p', { className: 'hint', textContent: 'No free network is registered within 300 m of this spot.' }));
  }

  async function run(): Promise<void> {
    if (running) return;
    const network = networks.querySelector<HTMLInputElement>('input:checked')?.value;
    whereError.textContent = where ? '' : 'Use your location or the map centre first.';
    networkError.textContent = network ? '' : 'Choose the network this phone is on.';
    if (!where || !network) {
      announce(`Test not started. ${whereError.textContent || networkError.textContent}`);
      if (!where) whereError.focus();
      else networks.querySelector('input')?.focus();
      return;
    }
    const at = where;
    running = new AbortController();
    start.disabled = true;
    start.textContent = 'Testing…';
    progressBox.hidden = false;
    result.replaceChildren();
    try {
      const figures = await runConnectionTest((p) => {
        progress.value = p.fraction;
        progressLabel.textContent = p.message;
      }, running.signal);
      await save(figures, at, network);
    } catch (error) {
      if ((error as Error)?.name !== 'AbortError') result.replaceChildren(el('p', { className: 'field-error', textContent: `The test stopped: ${(error as Error).message}` }));
    } finally {
      running = null;
      start.disabled = false;
      start.textContent = 'Test again';
      progressBox.hidden = true;
    }
  }

  async function save(figures: TestResult, at: Where, network: string): Promise<void> {
    const accessPointId = network === otherNetwork ? undefined : Number(network);
    const summary = figures.reachedServer ? formatResult(figures) : 'the server could not be reached at all';
    const list = el('dl', { className: 'result-figures' });
    const row = (term: string, value: string) => list.append(el('dt', { textContent: term }), el('dd', { textContent: value }));
    if (figures.reachedServer) {
      row('Delay', figures.latencyMs === null ? 'not measured' : `${figures.latencyMs} ms`);
      row('Download', formatMbps(figures.downMbps));
      row('Upload', formatMbps(figures.upMbps, 'too slow to measure'));
    } else row('Result', 'No connection: the server could not be reached.');
    row('Connection', figures.connectionWords ?? 'this browser does not say');
    const saved = el('p', { className: 'saved-state', textContent: 'Saving…' });
    result.replaceChildren(el('h3', { className: 'result-title', textContent: 'Your result' }), list, saved);

    const outcome = await outbox.add(
      {
        type: 'observation',
        body: {
          observedAt: figures.at,
          lon: round6(at.lon),
          lat: round6(at.lat),
          ...(at.accuracyM !== undefined ? { accuracyM: at.accuracyM } : {}),
          source: 'app',
          ...(accessPointId !== undefined ? { accessPointId } : {}),
          test: { latencyMs: figures.latencyMs, downMbps: figures.downMbps, upMbps: figures.upMbps, connectionType: figures.connectionType },
          clientId: newClientId(),
        },
      },
      `Connection test: ${summary}`,
    );
    const said =
      outcome.state === 'sent'
        ? 'Saved. Thank you: your result helps the City see where free Wi-Fi works.'
        : outcome.state === 'queued'
          ? 'Saved on this phone; it will be sent when the connection returns.'
          : `Not saved: ${outcome.item.error ?? outcome.error.message}`;
    saved.textContent = said;
    result.scrollIntoView({ block: 'nearest', behavior: 'smooth' }); // below the button, out of sight on a phone
    announce(`Connection test finished: ${summary}. ${said}`);
  }

  return {
    openAt(at, opener) {
      if (at) setWhere({ ...at, source: 'report' });
      panel.open(opener);
    },
  };
}
