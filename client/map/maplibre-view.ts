// MapView on MapLibre GL JS (WebGL): circles and fills only, no symbol layers, so no glyphs are ever fetched.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Basemap, BBox } from '../api';
import {
  accessPointStatuses,
  accessPointStyle,
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
import type { LayerData, LayerName, LngLat, MapClick, MapHit, MapView, MapViewOptions } from './map-view';

maplibregl.setWorkerUrl(workerUrl);

type Expression = maplibregl.ExpressionSpecification;
type FeatureProps = Record<string, unknown>;

const sourceIds = ['boundary', 'wards', 'reach', 'places', 'reports', 'access-points'] as const;
type SourceId = (typeof sourceIds)[number];

// Layers that answer clicks, most specific first.
const clickable: { layerId: string; layer: MapHit['layer'] }[] = [
  { layerId: 'access-points', layer: 'accessPoints' },
  { layerId: 'reports', layer: 'reports' },
  { layerId: 'places', layer: 'places' },
];

const styleFetchTimeoutMs = 8000; // a phone on a weak signal should get the data layers, not a blank page

export async function createMapLibreView(options: MapViewOptions): Promise<MapView> {
  const style = await baseStyle(options.basemap, options.onBasemapError);
  const map = new maplibregl.Map({
    container: options.container,
    style,
    bounds: toBounds(options.bbox),
    fitBoundsOptions: { padding: 16 },
    attributionControl: { compact: true, customAttribution: 'Open data: City of Kitchener, Region of Waterloo' },
    dragRotate: false, // a north-up map is easier to read; two-finger rotate surprises people
    pitchWithRotate: false,
  });
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
  let isLoaded = false;

  const loaded = new Promise<void>((resolve) => {
    map.once('load', () => {
      collapseAttribution(map);
      addLayers(map);
      isLoaded = true;
      for (const [layer, data] of Object.entries(pending)) apply(layer as LayerName, data as LayerData[LayerName]);
      resolve();
    });
  });

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
      case 'accessPoints': {
        const accessPoints = data as LayerData['accessPoints'];
        geojson('access-points').setData(accessPoints);
        geojson('reach').setData(reachCircles(accessPoints));
        break;
      }
    }
    if (layer === 'accessPoints' || layer === 'reports' || layer === 'places') {
      const byId = new Map<string, FeatureProps>();
      for (const f of (data as LayerData['places']).features) byId.set(String(f.properties.id), f.properties as unknown as FeatureProps);
      originals.set(layer, byId);
    }
  }

  let popup: maplibregl.Popup | null = null;
  let pin: maplibregl.Marker | null = null;

  const view: MapView = {
    renderer: 'maplibre',
    map,
    loaded,
    setData(layer, data) {
      if (isLoaded) apply(layer, data);
      else pending[layer] = data;
    },
    drawn() {
      return loaded.then(
        () =>
          new Promise<void>((resolve) => {
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
      popup = new maplibregl.Popup({ maxWidth: '300px', focusAfterOpen: true })
        .setLngLat([at.lon, at.lat])
        .setDOMContent(content)
        .addTo(map);
    },
    closePopup() {
      popup?.remove();
      popup = null;
    },
    flyTo(at: LngLat, zoom?: number) {
      map.flyTo({ center: [at.lon, at.lat], zoom: Math.max(zoom ?? map.getZoom(), map.getZoom()), essential: true });
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
  };
  return view;
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
  if (!basemap) return plain;
  if (basemap.type === 'raster') {
    plain.sources.basemap = {
      type: 'raster',
      tiles: basemap.tiles,
      tileSize: basemap.tileSize ?? 256,
      maxzoom: basemap.maxzoom ?? 19,
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

/** MapLibre opens the compact attribution at first and folds it on the first drag; on a phone it would
 *  cover the bottom of a small map until then, so fold it now, exactly as a drag does. */
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
  for (const id of sourceIds) {
    // promoteId: a clicked feature's id finds its original properties (the rendered copy drops nulls and arrays).
    map.addSource(id, { type: 'geojson', data: empty, promoteId: id === 'reach' ? undefined : 'id' });
  }

  map.addLayer({ id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': boundaryStyle.fill, 'fill-opacity': boundaryStyle.fillOpacity } });
  map.addLayer({ id: 'wards-line', type: 'line', source: 'wards', paint: { 'line-color': wardStyle.stroke, 'line-width': wardStyle.strokeWidth } });
  map.addLayer({ id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': boundaryStyle.stroke, 'line-width': boundaryStyle.strokeWidth } });

  const reachBy = (pick: (s: NonNullable<ReturnType<typeof reachStyle>>) => string | number, fallback: string | number): Expression =>
    matchBy('status', accessPointStatuses, (status) => {
      const style = reachStyle(status);
      return style ? pick(style) : fallback;
    }, fallback);
  const dashedStatuses = accessPointStatuses.filter((s) => reachStyle(s)?.dashed);
  const solidStatuses = accessPointStatuses.filter((s) => reachStyle(s) && !reachStyle(s)?.dashed);
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
    filter: ['in', ['get', 'status'], ['literal', solidStatuses]],
    paint: { 'line-color': reachBy((s) => s.stroke, colours.wifi), 'line-width': reachBy((s) => s.strokeWidth, 1) },
  });
  map.addLayer({
    id: 'reach-line-dashed',
    type: 'line',
    source: 'reach',
    filter: ['in', ['get', 'status'], ['literal', dashedStatuses]],
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
    paint: circlePaint('status', accessPointStatuses, accessPointStyle, accessPointStyle('active')),
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
