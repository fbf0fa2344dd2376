// The MapLibre layers for coverage, gaps and transit stops, and which style layers each toggle switches.
import type * as maplibregl from 'maplibre-gl';
import type { CoverageCollection } from '../api';
import { gapLineAt, gapStyle } from './coverage-style';
import { cellSideM, coverageSurface, imageCorners, pxPerCellFor } from './coverage-surface';
import { placeStyle } from './core';
import { transitStopsMinZoom, type ToggleableLayer } from './map-view';

type Expression = maplibregl.ExpressionSpecification;

export const toggleLayerIds: Record<ToggleableLayer, string[]> = {
  coverage: ['coverage-fill'],
  gaps: ['gaps-line', 'gaps-line-dashed'],
  places: ['places'],
  transitStops: ['transit-stops'],
  reports: ['reports'],
};

const isStop: Expression = ['==', ['get', 'kind'], 'transit_stop'];

/** Tests read the cells behind the image here, as they read a GeoJSON source's data. */
export type CoverageImageSource = maplibregl.ImageSource & { wifiReachCells?: CoverageCollection };

/** Draws the cells as one smooth image (coverage-surface.ts); no cells leave a transparent pixel. */
export function setCoverageSurface(map: maplibregl.Map, cells: CoverageCollection): void {
  const source = map.getSource<CoverageImageSource>('coverage');
  if (!source) return;
  source.wifiReachCells = cells;
  const side = cellSideM(cells);
  const metresPerPx = (40_075_016.686 * Math.cos((map.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  const surface = coverageSurface(cells, side ? pxPerCellFor(side / metresPerPx) : undefined); // redrawn after each move: sharp at any zoom
  const image = surface ? new ImageData(surface.data, surface.width, surface.height) : new ImageData(1, 1);
  source.updateImage({ image, coordinates: imageCorners(surface?.bbox ?? [-0.001, -0.001, 0.001, 0.001]) });
}

/**
 * The coverage surface, under the gap outlines (so above the city's white wash and below every line).
 * Added once the map has loaded: an image source with no url never counts as loaded until it has an
 * image, so in the style it would hold MapLibre's 'load' back.
 */
export function addCoverageSurface(map: maplibregl.Map): void {
  // An image source with no url starts empty; setCoverageSurface feeds it. The corners are a placeholder.
  map.addSource('coverage', { type: 'image', coordinates: imageCorners([-0.001, -0.001, 0.001, 0.001]) } as unknown as maplibregl.ImageSourceSpecification);
  map.addLayer(
    {
      id: 'coverage-fill',
      type: 'raster',
      source: 'coverage',
      paint: { 'raster-resampling': 'linear', 'raster-fade-duration': 0 }, // opacity is in the image, per class and confidence
    },
    'gaps-line',
  );
}

/** Gap outlines under the ward lines and every point; transit stops split from the places layer. */
export function addCoverageLayers(map: maplibregl.Map): void {
  const below = map.getLayer('wards-line') ? 'wards-line' : undefined; // above the city's white wash, below every line
  const { thinUpToZoom: thin, fullFromZoom: full } = gapStyle; // see gapLineAt
  // Below allFromZoom only the top-ranked gaps are outlined (gapOutlinedAt); the rest fade in just before it.
  const top: Expression = ['<=', ['coalesce', ['get', 'rank'], Infinity], gapStyle.topRanksAtCityZoom];
  const all = gapStyle.allFromZoom;
  const line = {
    'line-color': gapStyle.stroke,
    'line-width': ['interpolate', ['linear'], ['zoom'], thin, gapStyle.thinWidth, full, gapStyle.strokeWidth] as unknown as number,
    'line-opacity': ['interpolate', ['linear'], ['zoom'],
      thin, ['case', top, gapLineAt(thin).opacity, 0],
      all - 0.25, ['case', top, gapLineAt(all - 0.25).opacity, 0],
      all, gapLineAt(all).opacity,
      full, 1,
    ] as unknown as number,
  };
  map.addLayer({ id: 'gaps-line', type: 'line', source: 'gaps', filter: ['==', ['get', 'confirmed'], true], paint: line }, below);
  map.addLayer(
    { id: 'gaps-line-dashed', type: 'line', source: 'gaps', filter: ['!=', ['get', 'confirmed'], true], paint: { ...line, 'line-dasharray': [...gapStyle.dash] } },
    below,
  );

  // One source, two layers: stops appear only from transitStopsMinZoom, every other place at all zooms.
  if (map.getLayer('places')) {
    map.setFilter('places', ['!', isStop]);
    const stop = placeStyle('transit_stop');
    const above = map.getLayer('reports') ? 'reports' : undefined;
    map.addLayer(
      {
        id: 'transit-stops',
        type: 'circle',
        source: 'places',
        minzoom: transitStopsMinZoom,
        filter: isStop,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], transitStopsMinZoom, stop.radius, 17, stop.radius * 2], // thumb-sized when zoomed in
          'circle-color': stop.fill,
          'circle-opacity': stop.fillOpacity,
          'circle-stroke-color': stop.stroke,
          'circle-stroke-width': stop.strokeWidth,
          'circle-stroke-opacity': stop.strokeOpacity,
        },
      },
      above,
    );
  }
}

export function setToggleVisible(map: maplibregl.Map, layer: ToggleableLayer, visible: boolean): void {
  for (const id of toggleLayerIds[layer]) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}
