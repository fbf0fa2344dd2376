// MapView on Leaflet, for browsers without WebGL: the same layers and styles, drawn on one canvas.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, Geometry } from 'geojson';
import type { BBox } from '../api';
import {
  accessPointStyle,
  boundaryStyle,
  colours,
  createPinElement,
  dashPattern,
  hitTolerancePx,
  placeStyle,
  reachCircles,
  reachStyle,
  reportStyle,
  wardStyle,
  type AreaStyle,
  type PointStyle,
} from './core';
import type { LayerData, LayerName, LngLat, MapClick, MapHit, MapView, MapViewOptions } from './map-view';

// Bottom to top. The reach circles come from the access points, so they have no setData of their own.
const drawOrder = ['boundary', 'wards', 'reach', 'places', 'reports', 'accessPoints'] as const;
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
    .addAttribution('Open data: City of Kitchener, Region of Waterloo')
    .addTo(map);
  map.fitBounds(toLatLngBounds(options.bbox), { padding: [16, 16] });

  if (options.basemap?.type === 'raster') {
    const tiles = L.tileLayer(options.basemap.tiles[0], {
      attribution: options.basemap.attribution,
      maxZoom: options.basemap.maxzoom ?? 19,
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
  let clickHandler: ((click: MapClick) => void) | null = null;

  function replace(layer: DrawnLayer, group: L.GeoJSON): void {
    const tagged = Object.assign(group, { wifiReachLayer: layer });
    groups.get(layer)?.remove();
    groups.set(layer, tagged);
    // Canvas draws in insertion order, so re-add everything bottom to top.
    for (const name of drawOrder) {
      const g = groups.get(name);
      if (g) {
        g.remove();
        g.addTo(map);
      }
    }
  }

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
        case 'places':
          replace('places', pointGroup('places', data as LayerData['places'], (p) => placeStyle(p.kind)));
          break;
        case 'reports':
          replace('reports', pointGroup('reports', data as LayerData['reports'], (p) => reportStyle(p.kind)));
          break;
        case 'accessPoints': {
          const accessPoints = data as LayerData['accessPoints'];
          replace('reach', areaGroup(reachCircles(accessPoints), (f) => reachStyle((f?.properties as { status: 'active' }).status)));
          replace('accessPoints', pointGroup('accessPoints', accessPoints, (p) => accessPointStyle(p.status)));
          break;
        }
      }
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
      popup = L.popup({ maxWidth: 300, autoPanPadding: [16, 16] }).setLatLng([at.lat, at.lon]).setContent(content).openOn(map);
    },
    closePopup() {
      popup?.close();
      popup = null;
    },
    flyTo(at: LngLat, zoom?: number) {
      map.flyTo([at.lat, at.lon], Math.max(zoom ?? map.getZoom(), map.getZoom()));
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
