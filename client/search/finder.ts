// Where am I, and where is free Wi-Fi? Opens on the resident's position when location is already allowed
// ("you are here" dot, accuracy circle, answer card), else on the city with the search box focused.
import type { AccessPointCollection } from '../api';
import type { LngLat, MapMarker, MapView } from '../map/map-view';
import { canLocate, locate } from '../report/locate';
import { createAnswerCard } from './answer-card';
import { markOverMapTop } from '../map/overlays';
import { keepOfflineSearch, searchPlaces, type SearchResult } from './search-api';
import './search.css';

const streetZoom = 16; // MapLibre zoom at which streets and their names are drawn
const typingPauseMs = 150; // one request per pause in typing, not per key
// A touch phone opens with the search box ready (issue 13); with a keyboard and mouse, focus stays at the top of the
// page so the first Tab reaches the skip link (WCAG 2.4.1) rather than starting half-way down, past the map.
const touchFirst = '(pointer: coarse)';

export interface FinderOptions {
  view: MapView;
  host: HTMLElement; // the map area
  accessPoints: () => AccessPointCollection | null;
  dataReady: Promise<unknown>; // the access points are loaded: the card can name the nearest
  indexAfter: Promise<unknown>; // the offline index (about 1 MB) is fetched only after this settles: the hotspots come first
  announce: (message: string) => void;
}

export function startFinder({ view, host, accessPoints, dataReady, indexAfter, announce }: FinderOptions): { opened: Promise<'location' | 'city'>; dismissCard: () => void } {
  const card = createAnswerCard(accessPoints);
  const box = buildSearchBox();
  host.append(box.form, card.element);
  markOverMapTop(box.form);
  markOverMapTop(card.element);
  const rendererStreetZoom = view.renderer === 'leaflet' ? streetZoom + 1 : streetZoom;
  const zoomTo = (at: LngLat) => view.flyTo(at, rendererStreetZoom);

  let here: { dot: MapMarker; ring: MapMarker; ringElement: HTMLElement; at: LngLat; accuracyM: number } | null = null;
  const sizeRing = () => {
    if (!here) return;
    const metresPerPx = (40_075_016.686 * Math.cos((here.at.lat * Math.PI) / 180)) / (512 * 2 ** view.zoom());
    const px = Math.max(16, (2 * here.accuracyM) / metresPerPx);
    (here.ringElement.firstElementChild as HTMLElement).style.width = (here.ringElement.firstElementChild as HTMLElement).style.height = `${px}px`;
  };
  view.onMoveEnd(sizeRing);

  const choose = (result: SearchResult) => {
    const at = { lon: result.lon, lat: result.lat };
    zoomTo(at);
    view.setPin(at);
    box.close();
    void card.show(at, result.name, here?.at);
  };
  box.onChoose(choose);

  async function openOnResident(): Promise<'location' | 'city'> {
    // Only when already allowed: asking for location before the resident does anything is a prompt they did not want.
    const state = canLocate() && navigator.permissions ? await navigator.permissions.query({ name: 'geolocation' }).then((s) => s.state, () => 'prompt') : 'denied';
    if (state !== 'granted') {
      focusSearchOnTouch();
      return 'city';
    }
    try {
      const fix = await locate();
      const at = { lon: fix.lon, lat: fix.lat };
      const ringElement = document.createElement('div');
      ringElement.className = 'here-ring-anchor'; // a fixed-size marker: the ring inside it grows with the zoom, centred
      ringElement.append(Object.assign(document.createElement('div'), { className: 'here-ring' }));
      const dotElement = document.createElement('div');
      dotElement.className = 'here-dot';
      dotElement.setAttribute('role', 'img');
      dotElement.setAttribute('aria-label', 'You are here');
      here = { ring: view.addMarker(at, { element: ringElement, size: [16, 16] }), dot: view.addMarker(at, { element: dotElement, size: [18, 18] }), ringElement, at, accuracyM: fix.accuracyM };
      view.jumpTo(at, rendererStreetZoom); // open there: a flight from the whole city only delays the answer
      sizeRing();
      await dataReady.catch(() => undefined);
      await card.show(at, 'You are here', at);
      return 'location';
    } catch (error) {
      announce((error as Error).message.replace(/ Tap the map.*$/, ''));
      focusSearchOnTouch();
      return 'city';
    }
  }
  function focusSearchOnTouch(): void {
    if (window.matchMedia(touchFirst).matches) box.input.focus();
  }
  // A tap elsewhere on the map asks about another spot: its popup answers, and the card (over the map's top) would hide it.
  return { opened: openOnResident(), dismissCard: () => card.hide() };

  // ---- the search box ----
  function buildSearchBox() {
    const form = document.createElement('form');
    form.className = 'search-box';
    form.setAttribute('role', 'search');
    const input = document.createElement('input');
    input.type = 'search';
    input.id = 'search-input';
    fitPlaceholder(input);
    input.setAttribute('aria-label', 'Search an address, street, place, stop or ward');
    input.autocomplete = 'off';
    input.setAttribute('aria-controls', 'search-results');
    const list = document.createElement('ul');
    list.id = 'search-results';
    list.className = 'search-results';
    list.hidden = true;
    form.append(input, list);
    let handler: (r: SearchResult) => void = () => {};
    let results: SearchResult[] = [];
    let pending: AbortController | null = null;
    let timer = 0;
    const render = (offline: boolean) => {
      list.replaceChildren(
        ...results.map((r) => {
          const li = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'search-result';
          button.textContent = r.name;
          const detail = document.createElement('span');
          detail.className = 'search-detail';
          detail.textContent = r.detail ?? r.kind;
          button.append(detail);
          button.addEventListener('click', () => handler(r));
          li.append(button);
          return li;
        }),
      );
      if (results.length === 0 && input.value.trim().length >= 2) {
        const li = document.createElement('li');
        li.className = 'search-empty';
        li.textContent = offline ? 'Nothing found (searching offline)' : 'Nothing found';
        list.append(li);
      }
      list.hidden = list.childElementCount === 0;
    };
    const run = async () => {
      pending?.abort();
      const q = input.value.trim();
      if (q.length < 2) {
        results = [];
        return render(false);
      }
      pending = new AbortController();
      try {
        const answer = await searchPlaces(q, pending.signal);
        results = answer.results;
        render(answer.offline);
      } catch {
        /* a newer query replaced this one */
      }
    };
    input.addEventListener('focus', () => void indexAfter.then(keepOfflineSearch).catch(() => undefined), { once: true });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => void run(), typingPauseMs);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearTimeout(timer);
      await run();
      if (results[0]) handler(results[0]);
    });
    return {
      form,
      input,
      onChoose: (h: (r: SearchResult) => void) => (handler = h),
      close: () => {
        list.hidden = true;
        input.blur();
      },
    };
  }
}

// The longest hint that fits the box as laid out: "Address or place" from a 360 px phone up, "Search" on a
// 320 px one (the magnifier says "search" too). Measured with the input's own font, again whenever it resizes.
const PLACEHOLDERS = ['Address or place', 'Search'];
function fitPlaceholder(input: HTMLInputElement): void {
  input.placeholder = PLACEHOLDERS[0];
  const context = document.createElement('canvas').getContext('2d');
  if (!context || typeof ResizeObserver === 'undefined') return;
  new ResizeObserver(() => {
    const style = getComputedStyle(input);
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (room <= 0) return; // not laid out yet
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    input.placeholder = PLACEHOLDERS.find((text) => context.measureText(text).width <= room) ?? PLACEHOLDERS[PLACEHOLDERS.length - 1];
  }).observe(input);
}
