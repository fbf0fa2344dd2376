// The one interface the app talks to; maplibre-view.ts and leaflet-view.ts implement it from the same GeoJSON.
import type {
  AccessPointCollection,
  AccessPointProps,
  AreaCollection,
  Basemap,
  BBox,
  PlaceCollection,
  PlaceProps,
  ReportCollection,
  ReportProps,
} from '../api';

export type Renderer = 'maplibre' | 'leaflet';

export interface LngLat {
  lon: number;
  lat: number;
}

export interface LayerData {
  boundary: AreaCollection;
  wards: AreaCollection;
  places: PlaceCollection;
  accessPoints: AccessPointCollection; // the adapter also draws each one's reach circle
  reports: ReportCollection;
}

export type LayerName = keyof LayerData;

/** What a click landed on: the feature's original properties (not the renderer's copy) and its position. */
export type MapHit = { at: LngLat } & (
  | { layer: 'accessPoints'; properties: AccessPointProps }
  | { layer: 'reports'; properties: ReportProps }
  | { layer: 'places'; properties: PlaceProps }
);

export interface MapClick {
  lngLat: LngLat;
  hit: MapHit | null;
}

export interface MapViewOptions {
  container: HTMLElement;
  bbox: BBox; // initial view
  basemap: Basemap | null;
  onBasemapError: () => void; // called once; the data layers stay on the plain background
}

export interface MapView {
  readonly renderer: Renderer;
  readonly map: unknown; // the underlying maplibregl.Map or L.Map, for tests and debugging
  /** Resolves once the map has loaded and its (still empty) layers exist. */
  readonly loaded: Promise<void>;
  setData<K extends LayerName>(layer: K, data: LayerData[K]): void;
  /** Resolves when everything given to setData so far has been drawn. */
  drawn(): Promise<void>;
  fitBounds(bbox: BBox): void;
  onMapClick(handler: (click: MapClick) => void): void;
  showPopup(at: LngLat, content: HTMLElement): void;
  closePopup(): void;
  flyTo(at: LngLat, zoom?: number): void;
  /** The report position marker; null removes it. */
  setPin(at: LngLat | null): void;
  center(): LngLat;
  /** Picking mode: a crosshair cursor, and clicks on features are not treated as popups by the app. */
  setPicking(picking: boolean): void;
}
