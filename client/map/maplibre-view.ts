// MapView on MapLibre GL JS (WebGL): the embedded street basemap (labels with our own glyphs) under circles and fills.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Basemap, BBox } from '../api';
import {
  accessPointLooks,
  accessPointStyle,
  drawableAccessPoints,
  boundaryStyle,
  colours,
  createPinElement,
  dashPattern,
  hitTolerancePx,
  placeColours,
  placeStyle,
  reachCircles,
  reachStyle,
  reportColours,
  reportStyle,
  wardStyle,
  type PointStyle,
} from './core';
import { arterialWidth, basemapCredit, basemapStyle, basemapUrls, frequentTrips, labelFont, labelMinZoom, mainStreetRank, placeLabelMinZoom, streetsMinZoom, streetWidth } from './basemap';
import { smoothOutlines } from './smooth-outline';
import { coveredTopPx } from './overlays';
import { addCoverageLayers, addCoverageSurface, setCoverageSurface, setToggleVisible } from './maplibre-coverage';
import type { LayerData, LayerName, LngLat, MapClick, MapHit, MapMarker, MapView, MapViewOptions, MarkerOptions, ToggleableLayer } from './map-view';

maplibregl.setWorkerUrl(workerUrl);

type Expression = maplibregl.ExpressionSpecification;
type FeatureProps = Record<string, unknown>;

const geojsonSourceIds = ['boundary', 'wards', 'reach', 'places', 'reports', 'access-points', 'overlay', 'gaps'] as const;
const sourceIds = [...geojsonSourceIds, 'coverage'] as const; // coverage is an image (maplibre-coverage.ts)
type SourceId = (typeof geojsonSourceIds)[number];

// Layers that answer clicks, most specific first.
const clickable: { layerId: string; layer: MapHit['layer'] }[] = [
  { layerId: 'access-points', layer: 'accessPoints' },
  { layerId: 'reports', layer: 'reports' },
  { layerId: 'places', layer: 'places' },
  { layerId: 'transit-stops', layer: 'places' },
];

const styleFetchTimeoutMs = 8000; // a phone on a weak signal should get the data layers, not a blank page

export async function createMapLibreView(options: MapViewOptions): Promise<MapView> {
  const style = await baseStyle(options.basemap, options.onBasemapError);
  // The embedded basemap's 1.8 MB of streets and names is added only once the hotspots are on screen:
  // in the style, MapLibre's 'load' (and the worker, which parses one source at a time) would wait for it.
  const deferredBasemap = options.basemap ? null : embeddedBasemap();
  const map = new maplibregl.Map({
    container: options.container,
    style,
    bounds: toBounds(options.bbox),
    fitBoundsOptions: { padding: 16 },
    attributionControl: { compact: true, customAttribution: options.basemap ? 'Open data: City of Kitchener, Region of Waterloo' : basemapCredit },
    dragRotate: false, // a north-up map is easier to read; two-finger rotate surprises people
    pitchWithRotate: false,
  });
  collapseAttribution(map); // before the first frame: folding it later moved the controls (layout shift)
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');

  let basemapFailed = false;
  map.on('error', (event) => {
    const sourceId = (event as unknown as { sourceId?: string }).sourceId;
    if (sourceId && !(sourceIds as readonly string[]).includes(sourceId)) {
      // A basemap tile or style resource failed: keep our layers on the plain background, say so once.
      if (!basemapFailed) {
        basemapFailed = true;
        hideBasemap(map);
        options.onBasemapError();
      }
      return;
    }
    console.error('Map error:', event.error?.message ?? event);
  });

  const originals = new Map<MapHit['layer'], Map<string, FeatureProps>>();
  const pending: Partial<LayerData> = {};
  const wantedVisibility = new Map<ToggleableLayer, boolean>();
  let isLoaded = false; // our GeoJSON sources and layers exist
  let surfaceAdded = false; // … and the coverage surface's image source
  const canApply = (layer: LayerName) => (layer === 'coverage' ? surfaceAdded : isLoaded);
  const applyPending = () => {
    for (const [layer, data] of Object.entries(pending) as [LayerName, LayerData[LayerName]][]) {
      if (!canApply(layer)) continue;
      delete pending[layer];
      apply(layer, data);
    }
  };
  // They are added as soon as the style is parsed, before the first frame, with whatever data has arrived:
  // access points handed over by then are in the frame that fires 'load' (0.5 s sooner than adding them after it).
  map.once('style.load', () => {
    addLayers(map);
    addOverlayLayers(map);
    addCoverageLayers(map);
    for (const [layer, visible] of wantedVisibility) setToggleVisible(map, layer, visible);
    isLoaded = true;
    applyPending();
  });
  let accessPointsAtLoad = false; // then the frame that fired 'load' showed them
  const loaded = new Promise<void>((resolve) =>
    map.once('load', () => {
      accessPointsAtLoad = originals.has('accessPoints');
      addCoverageSurface(map);
      const coverageVisible = wantedVisibility.get('coverage');
      if (coverageVisible !== undefined) setToggleVisible(map, 'coverage', coverageVisible);
      surfaceAdded = true;
      applyPending();
      resolve();
    }),
  );

  function apply<K extends LayerName>(layer: K, data: LayerData[K]): void {
    const geojson = (id: SourceId) => map.getSource<maplibregl.GeoJSONSource>(id)!;
    switch (layer) {
      case 'boundary':
        geojson('boundary').setData(data);
        break;
      case 'wards':
        geojson('wards').setData(data);
        break;
      case 'places':
        geojson('places').setData(data);
        break;
      case 'reports':
        geojson('reports').setData(data);
        break;
      case 'overlay':
        geojson('overlay').setData(data);
        break;
      case 'coverage':
        setCoverageSurface(map, data as LayerData['coverage']);
        break;
      case 'gaps':
        geojson('gaps').setData(smoothOutlines(data as LayerData['gaps']));
        break;
      case 'accessPoints': {
        const accessPoints = data as LayerData['accessPoints'];
        geojson('access-points').setData(drawableAccessPoints(accessPoints));
        // The first time, the reach circles follow the points: one source less for the worker before the hotspots.
        if (firstAccessPointsDrawn) geojson('reach').setData(reachCircles(accessPoints));
        else reachLater = accessPoints;
        break;
      }
    }
    if (layer === 'accessPoints' || layer === 'reports' || layer === 'places') {
      const byId = new Map<string, FeatureProps>();
      for (const f of (data as LayerData['places']).features) byId.set(String(f.properties.id), f.properties as unknown as FeatureProps);
      originals.set(layer, byId);
    }
  }

  let basemapAdded = false;
  function addBasemap(): void {
    if (basemapAdded || !deferredBasemap || !isLoaded) return;
    basemapAdded = true;
    addEmbeddedBasemap(map, deferredBasemap);
  }

  let accessPointsShown: Promise<void> | null = null;
  let firstAccessPointsDrawn = false;
  let reachLater: LayerData['accessPoints'] | null = null;
  /** The first frame drawn once the access points handed to setData are loaded into the tiles in view. */
  function whenAccessPointsDrawn(): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        // 'render' fires after the frame is drawn; a tile that finished loading is in the next one.
        if (!originals.has('accessPoints') || !map.isSourceLoaded('access-points')) return;
        map.off('render', check);
        resolve();
      };
      map.on('render', check);
      map.triggerRepaint();
    });
  }

  let popup: maplibregl.Popup | null = null;
  let pin: maplibregl.Marker | null = null;

  const view: MapView = {
    renderer: 'maplibre',
    map,
    loaded,
    setData(layer, data) {
      if (canApply(layer)) apply(layer, data);
      else pending[layer] = data;
    },
    accessPointsDrawn() {
      accessPointsShown ??= loaded.then(() => (accessPointsAtLoad ? undefined : whenAccessPointsDrawn())).then(() => {
        firstAccessPointsDrawn = true;
        if (reachLater) map.getSource<maplibregl.GeoJSONSource>('reach')!.setData(reachCircles(reachLater));
        reachLater = null;
        addBasemap();
      });
      return accessPointsShown;
    },
    drawn() {
      return loaded.then(
        () =>
          new Promise<void>((resolve) => {
            void view.accessPointsDrawn(); // the reach circles, if the hotspots were never awaited
            addBasemap(); // "everything drawn" includes the streets
            // 'idle' follows the first frame in which no source is still loading and nothing moves.
            map.once('idle', () => resolve());
            map.triggerRepaint();
          }),
      );
    },
    fitBounds(bbox: BBox) {
      map.fitBounds(toBounds(bbox), { padding: 16, animate: false });
    },
    onMapClick(handler: (click: MapClick) => void) {
      map.on('click', (event) => {
        const { x, y } = event.point;
        const box: [maplibregl.PointLike, maplibregl.PointLike] = [
          [x - hitTolerancePx, y - hitTolerancePx],
          [x + hitTolerancePx, y + hitTolerancePx],
        ];
        const features = map.queryRenderedFeatures(box, { layers: clickable.map((c) => c.layerId) });
        handler({ lngLat: { lon: event.lngLat.lng, lat: event.lngLat.lat }, hit: nearestHit(map, features, event.point, originals) });
      });
    },
    showPopup(at: LngLat, content: HTMLElement) {
      popup?.remove();
      // On a phone a 300 px popup beside the point runs off the screen: put it above, and pan it into view.
      const narrow = map.getContainer().clientWidth < narrowMapPx;
      popup = new maplibregl.Popup({ maxWidth: `${Math.min(300, map.getContainer().clientWidth - 24)}px`, focusAfterOpen: true, anchor: narrow ? 'bottom' : undefined })
        .setLngLat([at.lon, at.lat])
        .setDOMContent(content)
        .addTo(map);
      panIntoView(map, popup.getElement());
    },
    closePopup() {
      popup?.remove();
      popup = null;
    },
    flyTo(at: LngLat, zoom?: number, { animate = true } = {}) {
      map.flyTo({ center: [at.lon, at.lat], zoom: Math.max(zoom ?? map.getZoom(), map.getZoom()), essential: true, animate });
    },
    jumpTo(at: LngLat, zoom: number) {
      map.jumpTo({ center: [at.lon, at.lat], zoom });
    },
    setPin(at: LngLat | null) {
      if (!at) {
        pin?.remove();
        pin = null;
        return;
      }
      pin ??= new maplibregl.Marker({ element: createPinElement(), anchor: 'bottom' });
      pin.setLngLat([at.lon, at.lat]).addTo(map);
    },
    center() {
      const c = map.getCenter();
      return { lon: c.lng, lat: c.lat };
    },
    setPicking(picking: boolean) {
      map.getCanvasContainer().classList.toggle('is-picking', picking);
    },
    addMarker(at: LngLat, { element, draggable = false, onDragEnd }: MarkerOptions): MapMarker {
      const marker = new maplibregl.Marker({ element, draggable, anchor: 'center' }).setLngLat([at.lon, at.lat]).addTo(map);
      // A click on a marker is the marker's business, not a click on the map beneath it.
      element.addEventListener('click', (event) => event.stopPropagation());
      marker.on('dragend', () => {
        const { lng, lat } = marker.getLngLat();
        onDragEnd?.({ lon: lng, lat });
      });
      return { setPosition: (p) => void marker.setLngLat([p.lon, p.lat]), remove: () => void marker.remove() };
    },
    setLayerVisible(layer: ToggleableLayer, visible: boolean) {
      wantedVisibility.set(layer, visible); // the coverage surface is added later, and follows it
      if (isLoaded) setToggleVisible(map, layer, visible);
    },
    onMoveEnd(handler: () => void) {
      map.on('moveend', () => handler());
    },
    bounds() {
      const b = map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    },
    zoom() {
      return map.getZoom();
    },
    flyToBounds(bbox: BBox) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      map.fitBounds(toBounds(bbox), { padding: 24, animate: !reduce, duration: 800, essential: true });
    },
  };
  return view;
}

const narrowMapPx = 480; // below this a popup beside its point would not fit
const popupMarginPx = 12;

/** Like Leaflet's autoPan: moves the map just enough that the popup is wholly inside it, below the search box. */
function panIntoView(map: maplibregl.Map, element: HTMLElement): void {
  const box = element.getBoundingClientRect();
  const frame = map.getContainer().getBoundingClientRect();
  const shift = (low: number, high: number, min: number, max: number) =>
    low < min + popupMarginPx ? low - min - popupMarginPx : high > max - popupMarginPx ? Math.min(high - max + popupMarginPx, low - min - popupMarginPx) : 0;
  const dx = shift(box.left, box.right, frame.left, frame.right);
  const dy = shift(box.top, box.bottom, frame.top + coveredTopPx(map.getContainer(), box.left - dx, box.right - dx), frame.bottom);
  if (dx !== 0 || dy !== 0) map.panBy([dx, dy], { duration: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 250 });
}

function toBounds([minLon, minLat, maxLon, maxLat]: BBox): maplibregl.LngLatBoundsLike {
  return [
    [minLon, minLat],
    [maxLon, maxLat],
  ];
}

/** A plain background, plus the configured basemap beneath our layers. */
async function baseStyle(basemap: Basemap | null, onBasemapError: () => void): Promise<maplibregl.StyleSpecification> {
  const plain: maplibregl.StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': colours.background } }],
  };
  // The embedded basemap's sources and layers follow the hotspots (addEmbeddedBasemap); its glyphs are named now.
  if (!basemap) return { ...plain, glyphs: absolute(basemapUrls.glyphs) };
  if (basemap.type === 'raster') {
    plain.sources.basemap = {
      type: 'raster',
      tiles: basemap.tiles,
      tileSize: 256, // XYZ raster tiles are 256 px and go to zoom 19
      maxzoom: 19,
      attribution: basemap.attribution,
    };
    plain.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
    return plain;
  }
  // Fetch the style ourselves: if MapLibre fetched it and failed, the map would never fire 'load'.
  try {
    const response = await fetch(basemap.url, { signal: AbortSignal.timeout(styleFetchTimeoutMs) });
    if (!response.ok) throw new Error(`style ${basemap.url} answered ${response.status}`);
    return (await response.json()) as maplibregl.StyleSpecification;
  } catch (error) {
    console.warn('Basemap style could not be loaded; using the plain background.', error);
    onBasemapError();
    return plain;
  }
}

const absolute = (path: string) => `${location.origin}${path}`;
const interpolate = (stops: [number, number][], scale = 1): Expression =>
  ['interpolate', ['linear'], ['zoom'], ...stops.flatMap(([z, w]) => [z, w * scale])] as unknown as Expression;

interface EmbeddedBasemap {
  sources: Record<string, maplibregl.SourceSpecification>;
  layers: maplibregl.LayerSpecification[];
}

/** The embedded street basemap: traced streets, GRT arterials, the ION line and street names, all from our own server. */
function embeddedBasemap(): EmbeddedBasemap {
  const s = basemapStyle;
  const wide: Expression = ['case', ['>=', ['get', 'trips'], frequentTrips], 1.35, 1];
  const scaled = (stops: [number, number][], extra: number): Expression =>
    ['interpolate', ['linear'], ['zoom'], ...stops.flatMap(([z, w]) => [z, ['*', wide, w + extra]])] as unknown as Expression;
  return {
    sources: {
      'basemap-streets': { type: 'geojson', data: absolute(basemapUrls.streets) },
      'basemap-arterials': { type: 'geojson', data: absolute(basemapUrls.arterials) },
      'basemap-labels': { type: 'geojson', data: absolute(basemapUrls.labels) },
    },
    layers: [
      { id: 'basemap-streets-casing', type: 'line', source: 'basemap-streets', minzoom: streetsMinZoom + 1, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': s.streetCasing, 'line-width': interpolate(streetWidth.map(([z, w]) => [z, w + 1.5])) } },
      { id: 'basemap-streets', type: 'line', source: 'basemap-streets', minzoom: streetsMinZoom, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': ['step', ['zoom'], s.streetCasing, streetsMinZoom + 1, s.street] as unknown as Expression, 'line-width': interpolate(streetWidth) } },
      { id: 'basemap-arterials-casing', type: 'line', source: 'basemap-arterials', filter: ['==', ['get', 'mode'], 'bus'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': s.arterialCasing, 'line-width': scaled(arterialWidth, 1.5) } },
      { id: 'basemap-arterials', type: 'line', source: 'basemap-arterials', filter: ['==', ['get', 'mode'], 'bus'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': s.arterial, 'line-width': scaled(arterialWidth, 0) } },
      { id: 'basemap-ion', type: 'line', source: 'basemap-arterials', filter: ['==', ['get', 'mode'], 'light_rail'], paint: { 'line-color': s.ion, 'line-width': interpolate([[10, 2], [14, 3], [17, 5]]) } },
      { id: 'basemap-ion-ties', type: 'line', source: 'basemap-arterials', filter: ['==', ['get', 'mode'], 'light_rail'], minzoom: 13, paint: { 'line-color': '#ffffff', 'line-width': interpolate([[13, 1], [17, 2]]), 'line-dasharray': [2, 3] } },
      {
        id: 'basemap-labels',
        type: 'symbol',
        source: 'basemap-labels',
        minzoom: labelMinZoom.main,
        filter: ['any', ['>=', ['get', 'rank'], mainStreetRank], ['>=', ['zoom'], labelMinZoom.other]] as unknown as maplibregl.FilterSpecification,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': [labelFont],
          'text-size': interpolate([[14, 11], [17, 13]]),
          'text-rotate': ['get', 'rotate'],
          'text-rotation-alignment': 'map',
          'text-padding': 6,
          'symbol-sort-key': ['-', 0, ['get', 'rank']],
        },
        paint: { 'text-color': s.label, 'text-halo-color': s.labelHalo, 'text-halo-width': 1.5 },
      },
    ],
  };
}

/** Streets over the coverage colours and names above them (so a resident can read where a gap is), below every point. */
function addEmbeddedBasemap(map: maplibregl.Map, basemap: EmbeddedBasemap): void {
  for (const [id, source] of Object.entries(basemap.sources)) map.addSource(id, source);
  for (const layer of basemap.layers) map.addLayer(layer, layer.type === 'symbol' ? 'reach-fill' : 'wards-line');
  map.addLayer(
    {
      id: 'place-labels',
      type: 'symbol',
      source: 'places',
      minzoom: placeLabelMinZoom,
      filter: ['!=', ['get', 'kind'], 'transit_stop'],
      layout: { 'text-field': ['get', 'name'], 'text-font': [labelFont], 'text-size': 12, 'text-offset': [0, 0.9], 'text-anchor': 'top', 'text-max-width': 9, 'text-optional': true },
      paint: { 'text-color': basemapStyle.placeLabel, 'text-halo-color': basemapStyle.labelHalo, 'text-halo-width': 1.5 },
    },
    'reports',
  );
}

/** MapLibre opens the compact attribution at first and folds it on the first drag; on a phone it would
 *  cover the bottom of a small map until then, so fold it at once, exactly as a drag does. */
function collapseAttribution(map: maplibregl.Map): void {
  map.getContainer().querySelector('.maplibregl-ctrl-attrib.maplibregl-compact')?.classList.remove('maplibregl-compact-show');
}

function hideBasemap(map: maplibregl.Map): void {
  const ours = new Set<string>(sourceIds);
  for (const layer of map.getStyle().layers) {
    const source = 'source' in layer ? layer.source : undefined;
    if (source && !ours.has(source)) map.setLayoutProperty(layer.id, 'visibility', 'none');
  }
}

function addLayers(map: maplibregl.Map): void {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  for (const id of geojsonSourceIds) {
    // promoteId: a clicked feature's id finds its original properties (the rendered copy drops nulls and arrays).
    map.addSource(id, { type: 'geojson', data: empty, promoteId: id === 'reach' || id === 'overlay' ? undefined : 'id' });
  }

  map.addLayer({ id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': boundaryStyle.fill, 'fill-opacity': boundaryStyle.fillOpacity } });
  map.addLayer({ id: 'wards-line', type: 'line', source: 'wards', paint: { 'line-color': wardStyle.stroke, 'line-width': wardStyle.strokeWidth } });
  map.addLayer({ id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': boundaryStyle.stroke, 'line-width': boundaryStyle.strokeWidth } });

  const reachBy = (pick: (s: NonNullable<ReturnType<typeof reachStyle>>) => string | number, fallback: string | number): Expression =>
    matchBy('look', accessPointLooks, (look) => {
      const style = reachStyle(look);
      return style ? pick(style) : fallback;
    }, fallback);
  const dashedLooks = accessPointLooks.filter((s) => reachStyle(s)?.dashed);
  const solidLooks = accessPointLooks.filter((s) => reachStyle(s) && !reachStyle(s)?.dashed);
  map.addLayer({
    id: 'reach-fill',
    type: 'fill',
    source: 'reach',
    paint: { 'fill-color': reachBy((s) => s.fill, colours.wifi), 'fill-opacity': reachBy((s) => s.fillOpacity, 0) },
  });
  map.addLayer({
    id: 'reach-line',
    type: 'line',
    source: 'reach',
    filter: ['in', ['get', 'look'], ['literal', solidLooks]],
    paint: { 'line-color': reachBy((s) => s.stroke, colours.wifi), 'line-width': reachBy((s) => s.strokeWidth, 1) },
  });
  map.addLayer({
    id: 'reach-line-dashed',
    type: 'line',
    source: 'reach',
    filter: ['in', ['get', 'look'], ['literal', dashedLooks]],
    paint: { 'line-color': reachBy((s) => s.stroke, colours.wifi), 'line-width': reachBy((s) => s.strokeWidth, 1), 'line-dasharray': dashPattern },
  });

  const placeKinds = Object.keys(placeColours);
  map.addLayer({ id: 'places', type: 'circle', source: 'places', paint: circlePaint('kind', placeKinds, placeStyle, placeStyle('other')) });
  const reportKinds = Object.keys(reportColours) as (keyof typeof reportColours)[];
  map.addLayer({ id: 'reports', type: 'circle', source: 'reports', paint: circlePaint('kind', reportKinds, reportStyle, reportStyle('no_wifi')) });
  map.addLayer({
    id: 'access-points',
    type: 'circle',
    source: 'access-points',
    paint: circlePaint('look', accessPointLooks, accessPointStyle, accessPointStyle('active')),
  });
}

/** Circle paint from the shared PointStyle of each category value. */
function circlePaint<K extends string>(property: string, keys: readonly K[], style: (key: K) => PointStyle, fallback: PointStyle) {
  const by = (pick: (s: PointStyle) => string | number) => matchBy(property, keys, (k) => pick(style(k)), pick(fallback));
  return {
    'circle-radius': by((s) => s.radius),
    'circle-color': by((s) => s.fill),
    'circle-opacity': by((s) => s.fillOpacity),
    'circle-stroke-color': by((s) => s.stroke),
    'circle-stroke-width': by((s) => s.strokeWidth),
    'circle-stroke-opacity': by((s) => s.strokeOpacity),
  };
}

function matchBy<K extends string>(property: string, keys: readonly K[], value: (key: K) => string | number, fallback: string | number): Expression {
  const pairs = keys.flatMap((k) => [k, value(k)]);
  return ['match', ['get', property], ...pairs, fallback] as unknown as Expression; // the spec's tuple type cannot express a spread
}

/** The clicked feature nearest the pointer, preferring access points over reports over places. */
function nearestHit(
  map: maplibregl.Map,
  features: maplibregl.MapGeoJSONFeature[],
  point: maplibregl.Point,
  originals: Map<MapHit['layer'], Map<string, FeatureProps>>,
): MapHit | null {
  for (const { layerId, layer } of clickable) {
    let best: { props: FeatureProps; distance: number; at: [number, number] } | null = null;
    for (const f of features) {
      if (f.layer.id !== layerId || f.geometry.type !== 'Point') continue;
      const props = originals.get(layer)?.get(String(f.id ?? f.properties.id));
      if (!props) continue;
      const at = f.geometry.coordinates as [number, number];
      const distance = map.project(at).dist(point);
      if (!best || distance < best.distance) best = { props, distance, at };
    }
    if (best) return { layer, properties: best.props, at: { lon: best.at[0], lat: best.at[1] } } as unknown as MapHit;
  }
  return null;
}

/** Planner overlay shapes, styled by their own properties, above the reach circles and below every point. */
function addOverlayLayers(map: maplibregl.Map): void {
  const below = 'places';
  map.addLayer({ id: 'overlay-fill', type: 'fill', source: 'overlay', filter: ['!=', ['get', 'fill'], null], paint: { 'fill-color': ['coalesce', ['get', 'fill'], '#000'], 'fill-opacity': 0.12 } }, below);
  map.addLayer({ id: 'overlay-line', type: 'line', source: 'overlay', filter: ['!=', ['get', 'dashed'], true], paint: { 'line-color': ['get', 'stroke'], 'line-width': 2 } }, below);
  map.addLayer(
    { id: 'overlay-line-dashed', type: 'line', source: 'overlay', filter: ['==', ['get', 'dashed'], true], paint: { 'line-color': ['get', 'stroke'], 'line-width': 2, 'line-dasharray': dashPattern } },
    below,
  );
}
