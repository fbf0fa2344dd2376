// MapView on Leaflet, for browsers without WebGL: the same layers and styles, drawn on one canvas.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, Geometry } from 'geojson';
import type { BBox } from '../api';
import {
  accessPointLook,
  accessPointStyle,
  boundaryStyle,
  colours,
  createPinElement,
  dashPattern,
  hitTolerancePx,
  placeStyle,
  reachCircles,
  reachStyle,
  type ReachProps,
  reportStyle,
  wardStyle,
  type AreaStyle,
  type PointStyle,
} from './core';
import { coverageGroup, gapGroup, gapStyleAt } from './leaflet-coverage';
import { transitStopsMinZoom } from './map-view';
import { basemapCredit, basemapStyle, placeLabelMinZoom } from './basemap';
import { loadLeafletBasemap } from './leaflet-basemap';
import { coveredTopPx } from './overlays';
import type { LayerData, LayerName, LngLat, MapClick, MapHit, MapMarker, MapView, MapViewOptions, MarkerOptions, OverlayProps, ToggleableLayer } from './map-view';

const placeLabelChars = 18; // a place name wraps at about this many characters (MapLibre's text-max-width 9 ems)
const placeLineHeightPx = 15; // one wrapped line of a 12 px place name
// Bottom to top. The reach circles come from the access points, so they have no setData of their own.
const drawOrder = ['boundary', 'coverage', 'basemap', 'gaps', 'wards', 'reach', 'overlay', 'places', 'transitStops', 'reports', 'accessPoints'] as const;
type DrawnLayer = (typeof drawOrder)[number];

/** Tests find a layer's features by this tag: `layer.wifiReachLayer === 'accessPoints'`. */
type TaggedGroup = L.GeoJSON & { wifiReachLayer: DrawnLayer };

export function createLeafletView(options: MapViewOptions): MapView {
  const { container } = options;
  container.style.background = colours.background;
  // One canvas for every layer: a second canvas on top would swallow the clicks meant for the first.
  const renderer = L.canvas({ tolerance: hitTolerancePx, padding: 0.5 });
  const map = L.map(container, {
    renderer,
    zoomSnap: 0.25,
    attributionControl: false,
  });
  L.control.attribution({ prefix: '<a href="https://leafletjs.com" rel="noopener">Leaflet</a>' })
    .addAttribution(options.basemap ? 'Open data: City of Kitchener, Region of Waterloo' : basemapCredit)
    .addTo(map);
  map.fitBounds(toLatLngBounds(options.bbox), { padding: [16, 16] });

  if (options.basemap?.type === 'raster') {
    const tiles = L.tileLayer(options.basemap.tiles[0], {
      attribution: options.basemap.attribution,
      maxZoom: 19, // the usual deepest zoom of a raster XYZ service
    });
    tiles.once('tileerror', () => {
      map.removeLayer(tiles);
      options.onBasemapError();
    });
    tiles.addTo(map);
  }
  // A vector style basemap needs WebGL; without it the plain background is the basemap.

  new ResizeObserver(() => map.invalidateSize({ pan: false })).observe(container);

  const groups = new Map<DrawnLayer, TaggedGroup>();
  const hidden = new Set<DrawnLayer>(); // switched off by the resident
  let clickHandler: ((click: MapClick) => void) | null = null;

  // MapLibre zoom = Leaflet zoom − 1 (512 px tiles against 256 px): one scale, one number in both renderers.
  const zoom = () => map.getZoom() - 1;
  const shown = (name: DrawnLayer) => !hidden.has(name) && (name !== 'transitStops' || zoom() >= transitStopsMinZoom);

  function replace(layer: DrawnLayer, group: L.GeoJSON): void {
    const tagged = Object.assign(group, { wifiReachLayer: layer });
    groups.get(layer)?.remove();
    groups.set(layer, tagged);
    restack();
  }

  /** Canvas draws in insertion order, so re-add every shown group bottom to top. */
  function restack(): void {
    for (const name of drawOrder) {
      const g = groups.get(name);
      if (g) {
        g.remove();
        if (shown(name)) g.addTo(map);
      }
    }
  }

  let stopsShown = shown('transitStops');
  // No configured basemap: the embedded streets, drawn on the canvas above the coverage colours.
  let restyleBasemap = () => {};
  let drawStreetNames = (_reserved: readonly L.Bounds[]) => {};
  if (!options.basemap)
    loadLeafletBasemap(map, zoom)
      .then(({ lines, restyle, drawNames }) => {
        restyleBasemap = restyle;
        replace('basemap', lines);
        drawStreetNames = drawNames;
        drawLabels();
      })
      .catch((error: Error) => {
        console.warn('The embedded basemap could not be loaded.', error);
        options.onBasemapError();
      });

  // Place names under their dots from street zoom, as MapLibre's place-labels: DOM labels for the places in view,
  // kept apart; then the street names, clear of them (in MapLibre one symbol collision pass does both).
  const placeNames = L.layerGroup().addTo(map);
  let namedPlaces: LayerData['places']['features'] = [];
  const drawLabels = () => drawStreetNames(drawPlaceNames());
  const drawPlaceNames = (): L.Bounds[] => {
    placeNames.clearLayers();
    const taken: L.Bounds[] = [];
    if (zoom() < placeLabelMinZoom || hidden.has('places')) return taken;
    const bounds = map.getBounds().pad(0.1);
    for (const f of namedPlaces) {
      const at = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      if (!bounds.contains(at)) continue;
      const name = f.properties.name, lines = Math.ceil(name.length / placeLabelChars);
      const p = map.latLngToContainerPoint(at), half = Math.min(name.length, placeLabelChars) * 3.6;
      const box = L.bounds(L.point(p.x - half, p.y + 6), L.point(p.x + half, p.y + 8 + lines * placeLineHeightPx));
      if (taken.some((b) => b.intersects(box))) continue;
      taken.push(box);
      const html = document.createElement('span');
      html.className = 'place-label';
      html.style.color = basemapStyle.placeLabel;
      html.textContent = f.properties.name;
      placeNames.addLayer(L.marker(at, { icon: L.divIcon({ html, className: 'street-label-icon', iconSize: [0, 0] }), interactive: false, keyboard: false }));
    }
    return taken;
  };
  map.on('moveend zoomend', drawLabels);

  map.on('zoomend', () => {
    restyleBasemap();
    groups.get('gaps')?.setStyle(gapStyleAt(map.getZoom()));
    if (shown('transitStops') === stopsShown) return;
    stopsShown = shown('transitStops');
    restack();
  });

  function pointGroup<P>(name: MapHit['layer'], data: GeoJSON.FeatureCollection<GeoJSON.Point, P>, style: (p: P) => PointStyle): L.GeoJSON {
    const group = L.geoJSON(data as GeoJSON.FeatureCollection, {
      pointToLayer: (feature: Feature<GeoJSON.Point, P>, latlng) =>
        L.circleMarker(latlng, { ...pathOptions(style(feature.properties)), bubblingMouseEvents: false }),
    });
    group.on('click', (event: L.LeafletMouseEvent) => {
      const marker = event.propagatedFrom as L.CircleMarker & { feature?: Feature<Geometry, unknown> };
      const at = marker.getLatLng();
      const hit = marker.feature ? ({ layer: name, properties: marker.feature.properties, at: { lon: at.lng, lat: at.lat } } as MapHit) : null;
      clickHandler?.({ lngLat: { lon: event.latlng.lng, lat: event.latlng.lat }, hit });
    });
    return group;
  }

  function areaGroup(data: GeoJSON.FeatureCollection, style: (feature?: Feature) => AreaStyle | null): L.GeoJSON {
    return L.geoJSON(data, {
      interactive: false,
      style: (feature) => areaOptions(style(feature) ?? { fill: '#000', fillOpacity: 0, stroke: '#000', strokeWidth: 0, dashed: false }),
    });
  }

  let popup: L.Popup | null = null;
  let pin: L.Marker | null = null;
  let accessPointsShown: Promise<void> | null = null;
  let drawnAccessPoints = () => {};

  const view: MapView = {
    renderer: 'leaflet',
    map,
    loaded: new Promise<void>((resolve) => map.whenReady(() => resolve())),
    setData<K extends LayerName>(layer: K, data: LayerData[K]) {
      switch (layer) {
        case 'boundary':
          replace('boundary', areaGroup(data as LayerData['boundary'], () => boundaryStyle));
          break;
        case 'wards':
          replace('wards', areaGroup(data as LayerData['wards'], () => wardStyle));
          break;
        case 'places': {
          // Transit stops are a group of their own, shown only from transitStopsMinZoom.
          const places = data as LayerData['places'];
          const isStop = (f: (typeof places.features)[number]) => f.properties.kind === 'transit_stop';
          const part = (stops: boolean) => ({ ...places, features: places.features.filter((f) => isStop(f) === stops) });
          const named = part(false);
          replace('places', pointGroup('places', named, (p) => placeStyle(p.kind)));
          replace('transitStops', pointGroup('places', part(true), (p) => placeStyle(p.kind)));
          namedPlaces = named.features;
          drawLabels();
          break;
        }
        case 'reports':
          replace('reports', pointGroup('reports', data as LayerData['reports'], (p) => reportStyle(p.kind)));
          break;
        case 'accessPoints': {
          const accessPoints = data as LayerData['accessPoints'];
          replace('reach', areaGroup(reachCircles(accessPoints), (f) => reachStyle((f?.properties as ReachProps).look)));
          replace('accessPoints', pointGroup('accessPoints', accessPoints, (p) => accessPointStyle(accessPointLook(p))));
          drawnAccessPoints();
          break;
        }
        case 'overlay':
          replace('overlay', areaGroup(data as LayerData['overlay'], (f) => overlayStyle(f?.properties as OverlayProps | undefined)));
          break;
        case 'coverage':
          replace('coverage', coverageGroup(data as LayerData['coverage'], map));
          break;
        case 'gaps':
          replace('gaps', gapGroup(data as LayerData['gaps'], map.getZoom()));
          break;
      }
    },
    accessPointsDrawn() {
      accessPointsShown ??= new Promise<void>((resolve) => {
        if (groups.has('accessPoints')) return void view.drawn().then(resolve);
        drawnAccessPoints = () => void view.drawn().then(resolve);
      });
      return accessPointsShown;
    },
    drawn() {
      // The canvas renderer redraws on the next animation frame.
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    },
    fitBounds(bbox: BBox) {
      map.fitBounds(toLatLngBounds(bbox), { padding: [16, 16], animate: false });
    },
    onMapClick(handler: (click: MapClick) => void) {
      clickHandler = handler;
      map.on('click', (event: L.LeafletMouseEvent) => handler({ lngLat: { lon: event.latlng.lng, lat: event.latlng.lat }, hit: null }));
    },
    showPopup(at: LngLat, content: HTMLElement) {
      // Leaflet opens it above the point, centred on it: keep it below the search box, not only inside the map.
      const container = map.getContainer(), x = container.getBoundingClientRect().left + map.latLngToContainerPoint([at.lat, at.lon]).x;
      const top = coveredTopPx(container, x - 150, x + 150) + 16;
      popup = L.popup({ maxWidth: 300, autoPanPaddingTopLeft: [16, top], autoPanPaddingBottomRight: [16, 16] }).setLatLng([at.lat, at.lon]).setContent(content).openOn(map);
    },
    closePopup() {
      popup?.close();
      popup = null;
    },
    flyTo(at: LngLat, zoom?: number, { animate = true } = {}) {
      const target = Math.max(zoom ?? map.getZoom(), map.getZoom());
      if (animate) map.flyTo([at.lat, at.lon], target);
      else map.setView([at.lat, at.lon], target, { animate: false });
    },
    jumpTo(at: LngLat, zoom: number) {
      map.setView([at.lat, at.lon], zoom, { animate: false });
    },
    setPin(at: LngLat | null) {
      if (!at) {
        pin?.remove();
        pin = null;
        return;
      }
      pin ??= L.marker([at.lat, at.lon], {
        icon: L.divIcon({ html: createPinElement(), className: 'report-pin-icon', iconSize: [32, 42], iconAnchor: [16, 42] }),
        interactive: false,
        keyboard: false,
      });
      pin.setLatLng([at.lat, at.lon]).addTo(map);
    },
    center() {
      const c = map.getCenter();
      return { lon: c.lng, lat: c.lat };
    },
    setPicking(picking: boolean) {
      container.classList.toggle('is-picking', picking);
    },
    addMarker(at: LngLat, { element, size, draggable = false, onDragEnd }: MarkerOptions): MapMarker {
      const marker = L.marker([at.lat, at.lon], {
        icon: L.divIcon({ html: element, className: 'map-marker-icon', iconSize: size }),
        draggable,
        keyboard: false, // the element itself is focusable where it needs to be
      }).addTo(map);
      marker.on('dragend', () => {
        const { lng, lat } = marker.getLatLng();
        onDragEnd?.({ lon: lng, lat });
      });
      return { setPosition: (p) => void marker.setLatLng([p.lat, p.lon]), remove: () => void marker.remove() };
    },
    setLayerVisible(layer: ToggleableLayer, visible: boolean) {
      if (visible) hidden.delete(layer);
      else hidden.add(layer);
      stopsShown = shown('transitStops');
      restack();
      drawLabels();
    },
    onMoveEnd(handler: () => void) {
      map.on('moveend', () => handler());
    },
    bounds() {
      const b = map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    },
    zoom,
    flyToBounds(bbox: BBox) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      if (reduce) map.fitBounds(toLatLngBounds(bbox), { padding: [24, 24], animate: false });
      else map.flyToBounds(toLatLngBounds(bbox), { padding: [24, 24], duration: 0.8 });
    },
  };
  return view;
}

function toLatLngBounds([minLon, minLat, maxLon, maxLat]: BBox): L.LatLngBoundsExpression {
  return [
    [minLat, minLon],
    [maxLat, maxLon],
  ];
}

function pathOptions(style: PointStyle): L.CircleMarkerOptions {
  return {
    radius: style.radius,
    fillColor: style.fill,
    fillOpacity: style.fillOpacity,
    color: style.stroke,
    weight: style.strokeWidth,
    opacity: style.strokeOpacity,
  };
}

function areaOptions(style: AreaStyle): L.PathOptions {
  return {
    fillColor: style.fill,
    fillOpacity: style.fillOpacity,
    color: style.stroke,
    weight: style.strokeWidth,
    dashArray: style.dashed ? dashPattern.map((d) => d * style.strokeWidth).join(' ') : undefined,
  };
}

function overlayStyle(props: OverlayProps | undefined): AreaStyle {
  if (!props) return { fill: '#000', fillOpacity: 0, stroke: '#000', strokeWidth: 0, dashed: false };
  return { fill: props.fill ?? '#000', fillOpacity: props.fill ? 0.12 : 0, stroke: props.stroke, strokeWidth: 2, dashed: props.dashed };
}
