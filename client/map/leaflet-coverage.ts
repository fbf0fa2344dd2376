// The Leaflet groups for the coverage surface and gap outlines: drawn on the shared canvas, never clickable
// (a click on the coverage falls through to the map, which asks the server why the spot is what it is).
import L from 'leaflet';
import type { GapSummary } from '../api';
import { gapLineAt, gapOutlinedAt, gapStyle } from './coverage-style';
import { cellSideM, coverageSurface, pxPerCellFor, type SurfaceImage } from './coverage-surface';
import { smoothOutlines } from './smooth-outline';
import type { LayerData } from './map-view';

/** The coverage surface (coverage-surface.ts) in one group; tests read the cells behind it from `wifiReachCells`. */
export function coverageGroup(data: LayerData['coverage'], map: L.Map): L.GeoJSON {
  const group = L.geoJSON(undefined, { interactive: false });
  const side = cellSideM(data);
  const metresPerPx = (40_075_016.686 * Math.cos((map.getCenter().lat * Math.PI) / 180)) / (256 * 2 ** map.getZoom());
  const surface = coverageSurface(data, side ? pxPerCellFor(side / metresPerPx) : undefined); // redrawn after each move: sharp at any zoom
  if (surface) group.addLayer(new SurfaceLayer(surface));
  return Object.assign(group, { wifiReachCells: data });
}

/**
 * The surface as an image drawn on the map's one canvas, in the canvas's own drawing order: above the
 * city's wash, below the streets and outlines. Leaflet's canvas renderer asks each of its paths, in
 * order, to draw itself; this "path" draws an image (an ImageOverlay would sit above or below the
 * whole canvas).
 */
const SurfaceLayer = L.Path.extend({
  options: { interactive: false, stroke: false, fill: false },
  initialize(this: SurfacePath, surface: SurfaceImage) {
    const canvas = document.createElement('canvas');
    canvas.width = surface.width;
    canvas.height = surface.height;
    canvas.getContext('2d')!.putImageData(new ImageData(surface.data, surface.width, surface.height), 0, 0);
    this._image = canvas;
    const [w, s, e, n] = surface.bbox;
    this._corners = [L.latLng(n, w), L.latLng(s, e)];
  },
  _project(this: SurfacePath) {
    const nw = this._map.latLngToLayerPoint(this._corners[0]);
    const se = this._map.latLngToLayerPoint(this._corners[1]);
    this._pxBounds = L.bounds(nw, se);
  },
  _update() {}, // nothing to clip or simplify: the renderer calls _updatePath while it draws
  _updatePath(this: SurfacePath) {
    const renderer = this._renderer as unknown as { _drawing: boolean; _ctx: CanvasRenderingContext2D };
    if (!renderer._drawing) return;
    const { min, max } = this._pxBounds;
    const ctx = renderer._ctx;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this._image, min!.x, min!.y, max!.x - min!.x, max!.y - min!.y);
  },
  _containsPoint: () => false,
  _empty: () => false,
}) as unknown as new (surface: SurfaceImage) => L.Path;

interface SurfacePath {
  _map: L.Map;
  _renderer: L.Renderer;
  _image: HTMLCanvasElement;
  _corners: [L.LatLng, L.LatLng];
  _pxBounds: L.Bounds;
}

/** Gap outlines styled for the map's zoom; call `setStyle(gapStyleAt(zoom))` again when it changes. */
export function gapGroup(data: LayerData['gaps'], zoom: number): L.GeoJSON {
  return L.geoJSON(smoothOutlines(data), { interactive: false, style: gapStyleAt(zoom) });
}

export function gapStyleAt(zoom: number): L.StyleFunction {
  const { width, opacity } = gapLineAt(zoom);
  return (feature) => {
    const gap = feature?.properties as GapSummary | undefined;
    const confirmed = gap?.confirmed === true;
    const shown = gapOutlinedAt(zoom - 1, gap?.rank); // Leaflet's zoom is one more than MapLibre's for the same view
    return { fill: false, color: gapStyle.stroke, weight: width, opacity: shown ? opacity : 0, dashArray: confirmed ? undefined : gapStyle.dash.map((d) => d * width).join(' ') };
  };
}
