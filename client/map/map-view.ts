// The one interface the app talks to; maplibre-view.ts and leaflet-view.ts implement it from the same GeoJSON.
import type {
  AccessPointCollection,
  AccessPointProps,
  AreaCollection,
  Basemap,
  BBox,
  CoverageCollection,
  GapCollection,
  PlaceCollection,
  PlaceProps,
  ReportCollection,
  ReportProps,
} from '../api';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

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
  overlay: OverlayCollection; // planner shapes above the data: a proposed site's reach, a gap's outline
  coverage: CoverageCollection; // coverage cells, under every outline and point
  gaps: GapCollection; // gap outlines, above the coverage cells
}

/** Layers a resident can switch off; 'transitStops' are the places of kind transit_stop. */
export type ToggleableLayer = 'coverage' | 'gaps' | 'places' | 'transitStops' | 'reports';

export const transitStopsMinZoom = 13; // below this (MapLibre zoom) 1,400 stops only speckle the city view

/** An overlay shape carries its own style, so the planner can draw several kinds in one layer. */
export interface OverlayProps {
  stroke: string;
  fill: string | null; // null: outline only
  dashed: boolean;
}

export type OverlayCollection = FeatureCollection<Polygon | MultiPolygon, OverlayProps>;

export interface MarkerOptions {
  element: HTMLElement; // the marker's own DOM (a numbered badge, a drag handle), centred on its position
  size: [width: number, height: number]; // CSS pixels; Leaflet needs it to centre the element
  draggable?: boolean;
  onDragEnd?: (at: LngLat) => void;
}

export interface MapMarker {
  setPosition(at: LngLat): void;
  remove(): void;
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
  /** Resolves once the map has loaded: its layers exist and its first complete frame is drawn. */
  readonly loaded: Promise<void>;
  /** Also before the map has loaded: MapLibre draws what it was given in the frame that ends its loading. */
  setData<K extends LayerName>(layer: K, data: LayerData[K]): void;
  /** Resolves on the first frame that shows the access points given to setData; the map's heavier layers
   *  (MapLibre's embedded streets and names) are added only after it, so they never hold the hotspots back. */
  accessPointsDrawn(): Promise<void>;
  /** Resolves when everything given to setData so far has been drawn. */
  drawn(): Promise<void>;
  fitBounds(bbox: BBox): void;
  onMapClick(handler: (click: MapClick) => void): void;
  showPopup(at: LngLat, content: HTMLElement): void;
  closePopup(): void;
  /** Zoom in the renderer's own numbers (unlike zoom()): Leaflet at 16 shows what MapLibre shows at 15. */
  flyTo(at: LngLat, zoom?: number, options?: { animate?: boolean }): void;
  /** As flyTo, at once: where the map opens is no journey to watch. */
  jumpTo(at: LngLat, zoom: number): void;
  /** The report position marker; null removes it. */
  setPin(at: LngLat | null): void;
  center(): LngLat;
  /** Picking mode: a crosshair cursor, and clicks on features are not treated as popups by the app. */
  setPicking(picking: boolean): void;
  /** A DOM marker above every layer; a draggable one reports where it was dropped. */
  addMarker(at: LngLat, options: MarkerOptions): MapMarker;
  /** Shows or hides a layer; transit stops also stay hidden below transitStopsMinZoom. */
  setLayerVisible(layer: ToggleableLayer, visible: boolean): void;
  /** Called after every pan or zoom has settled. */
  onMoveEnd(handler: () => void): void;
  /** The visible area. */
  bounds(): BBox;
  /** The scale as a MapLibre zoom (512 px tiles), the same number in both renderers. */
  zoom(): number;
  /** Moves the map to show bbox, animated unless the resident prefers reduced motion. */
  flyToBounds(bbox: BBox): void;
}
