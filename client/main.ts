// Boot: config → a renderer (MapLibre where WebGL works, else Leaflet) → data layers → resident features.
import './styles.css';
import * as api from './api'; // the only module that knows URLs
import { renderLegend } from './legend'; // drawn from the map's own styles
import { accessPointPopup, placePopup, reportPopup, splitAreas, applyReportKindLabels } from './map/core'; // what the map says
import type { MapView, MapViewOptions, Renderer } from './map/map-view'; // the one interface both renderers implement
import { createStaffAccess } from './planner/account'; // "Staff sign-in"; the planner workspace loads only for staff
import { registerServiceWorker } from './offline/service-worker'; // the app opens with no connection after one visit
import { listenToServiceWorker } from './offline/reachability'; // "Offline" when the server is out of reach, not only when no network is attached
import { getPlacesWithoutStops, loadStopsWhenZoomedIn } from './resident/places-by-zoom'; // transit stops only from the zoom that shows them
import { startResident } from './resident/resident'; // coverage, gaps, reporting, "my reports", list view, connection test
import { startFinder } from './search/finder'; // search box, "you are here", the answer card
import { createStatus } from './status'; // the aria-live region

declare global {
  interface Window {
    wifiReach?: { renderer: Renderer; map: unknown; ready: Promise<void>; coverageReady?: Promise<void>; offlineReady?: Promise<boolean>; opened?: Promise<'location' | 'city'> };
  }
}

// The city's extent, used only when /api/v1/config cannot be loaded (the data will likely fail too, but the map shows).
const fallbackBBox: api.BBox = [-80.574, 43.353, -80.378, 43.507];
const phoneQuery = '(max-width: 719px)'; // matches the stylesheet's single breakpoint

const say = createStatus(document.getElementById('status')!);

void boot();

async function boot(): Promise<void> {
  say('Loading the map…', { sticky: true });
  // Everything the first view needs starts at once: the renderer's code, the settings and the data travel
  // side by side instead of one after another (issue 13: 7.7 s to the first hotspots on a slow phone).
  const renderer = loadRenderer();
  const data = {
    areas: quiet(api.getAreas()),
    places: quiet(getPlacesWithoutStops()),
    accessPoints: quiet(api.getAccessPoints()),
    reports: quiet(api.getReports()),
  };
  const config = await api.getConfig().catch((error: Error) => {
    say(`Could not load the map settings: ${error.message}`, { sticky: true });
    return null;
  });
  performance.mark('wifi-reach:config');
  const kinds = applyReportKindLabels(config?.reportKinds);

  const legend = document.getElementById('legend') as HTMLDetailsElement;
  renderLegend(document.getElementById('legend-body')!, kinds);
  legend.open = !window.matchMedia(phoneQuery).matches; // on a phone the map needs the room

  const basemapMessage = 'The background map could not be loaded; showing Wi-Fi on a plain background.';
  let basemapFailed = false;
  const view = await createView(renderer, {
    container: document.getElementById('map')!,
    bbox: config?.serviceArea.bbox ?? fallbackBBox,
    basemap: config?.basemap ?? null,
    onBasemapError: () => {
      basemapFailed = true;
      say(basemapMessage);
    },
  });
  // Coverage, gaps and the search index wait for the hotspots: on a slow phone they would share its bandwidth
  // and MapLibre's one worker with the access points, and a resident looks for free Wi-Fi first.
  let hotspotsSettled = () => {};
  const hotspots = new Promise<void>((resolve) => (hotspotsSettled = resolve));
  performance.mark('wifi-reach:view-created');
  const resident = startResident({
    view,
    after: hotspots,
    kinds,
    serviceArea: config?.serviceArea.bbox ?? fallbackBBox,
    serviceAreaMarginM: (config?.serviceArea as { marginM?: number } | undefined)?.marginM ?? 0, // the server sends it; api.ts's type predates it
    announce: (message) => say(message),
  });
  legend.classList.add('is-ready'); // with the layer switches in it: see styles.css
  let accessPointList: api.AccessPointCollection | null = null;
  const ready = loadLayers(view, data);
  const finder = startFinder({ view, host: document.querySelector('.map-area')!, accessPoints: () => accessPointList, dataReady: ready, indexAfter: hotspots, announce: (message) => say(message) });
  ready.catch(() => undefined); // already told the resident via the status region; tests still see the rejection
  listenToServiceWorker();
  const offlineReady = registerServiceWorker(ready);
  window.wifiReach = { renderer: view.renderer, map: view.map, ready, coverageReady: resident.coverageReady, offlineReady, opened: finder.opened };

  const staff = createStaffAccess({
    view,
    say,
    ready,
    reloadReports: async () => resident.reports.set(await api.getReports()),
    registryChanged: (accessPoints) => resident.registryChanged(accessPoints),
  });

  view.onMapClick((click) => {
    const { lngLat, hit } = click;
    if (resident.isPicking()) return resident.placePin(lngLat);
    if (staff.handleMapClick(click)) return;
    finder.dismissCard(); // the popup answers now: the card lay over it wherever the tap was near the map's top
    if (!hit) return resident.explainAt(lngLat); // why the coverage cell there has its colour
    const content =
      hit.layer === 'accessPoints' ? accessPointPopup(hit.properties) : hit.layer === 'reports' ? reportPopup(hit.properties) : placePopup(hit.properties);
    staff.decoratePopup(hit, content);
    view.showPopup(hit.at, content); // anchored on the feature, not where in the tolerance box the thumb landed
  });

  async function loadLayers(target: MapView, requests: typeof data): Promise<void> {
    void target.loaded.then(() => performance.mark('wifi-reach:map-loaded'));
    // The access points are handed to the map as soon as both exist, before it has loaded: usually they arrived
    // with the settings, and MapLibre then draws them in the frame that ends its loading.
    const failed: string[] = [];
    const draw = <T>(request: Promise<T>, name: string, use: (value: T) => void) => request.then(use, () => void failed.push(name));
    let count = 0;
    const accessPoints = draw(requests.accessPoints, 'Wi-Fi access points', async (list) => {
      performance.mark('wifi-reach:access-points');
      accessPointList = list;
      count = list.features.length;
      const drawn = target.accessPointsDrawn(); // before setData: it tells the map these come first
      resident.setAccessPoints(list);
      await drawn;
      performance.mark('wifi-reach:hotspots-drawn');
      document.body.dataset.hotspotsDrawn = 'true'; // what `npm run measure:load` times
    }).finally(hotspotsSettled);
    // The rest waits for the hotspots: MapLibre's one worker would otherwise cut each of them into tiles first.
    await accessPoints;
    await target.loaded;
    await Promise.all([
      draw(requests.areas, 'areas', (areas) => {
        const { boundary, wards } = splitAreas(areas);
        target.setData('boundary', boundary);
        target.setData('wards', wards);
        resident.setBoundary(boundary.features[0]?.geometry ?? null);
      }),
      draw(requests.places, 'places', (places) => {
        target.setData('places', places);
        loadStopsWhenZoomedIn(target, places, () => undefined); // a later move tries again
      }),
      draw(requests.reports, 'reports', (reportList) => resident.reports.set(reportList)),
    ]);
    await target.drawn();

    if (failed.length > 0) {
      say(`Could not load ${failed.join(', ')}. Check your connection and reload the page.`, { sticky: true });
      throw new Error(`Layers failed to load: ${failed.join(', ')}`);
    }
    document.body.dataset.mapReady = 'true';
    // One live region: a later message would hide the basemap warning, so carry it along.
    say(`Map ready: ${count} free Wi-Fi ${count === 1 ? 'location' : 'locations'} shown.${basemapFailed ? ` ${basemapMessage}` : ''}`);
  }
}

/** A request whose failure is handled later (Promise.allSettled), so it is never reported as unhandled meanwhile. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

type RendererModule = Promise<typeof import('./map/maplibre-view') | null>;

/** Starts loading MapLibre's code at once where WebGL works; null where Leaflet will draw (?renderer=leaflet forces it). */
function loadRenderer(): RendererModule {
  const forced = new URLSearchParams(location.search).get('renderer');
  if (forced === 'leaflet' || !hasWebGL()) {
    void import('./map/leaflet-view').catch(() => undefined); // warm the fallback's code while settings load
    return Promise.resolve(null);
  }
  return quiet(import('./map/maplibre-view'));
}

/** MapLibre where WebGL works (and its map really starts), otherwise Leaflet. */
async function createView(renderer: RendererModule, options: MapViewOptions): Promise<MapView> {
  const maplibre = await renderer.catch((error: unknown) => {
    console.warn('MapLibre could not be loaded; falling back to Leaflet.', error);
    return null;
  });
  if (maplibre) {
    try {
      return await maplibre.createMapLibreView(options);
    } catch (error) {
      console.warn('MapLibre could not start; falling back to Leaflet.', error);
      options.container.replaceChildren();
    }
  }
  const { createLeafletView } = await import('./map/leaflet-view');
  return createLeafletView(options);
}

function hasWebGL(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') || canvas.getContext('webgl'));
  } catch {
    return false;
  }
}
