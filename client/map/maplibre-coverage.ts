// The MapLibre layers for coverage, gaps and transit stops, and which style layers each toggle switches.
import type * as maplibregl from 'maplibre-gl';
import { coverageClasses, coverageColours, coverageOpacity, gapLineAt, gapStyle } from './coverage-style';
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

/** Coverage under the ward lines and every point; gaps above it; transit stops split from the places layer. */
export function addCoverageLayers(map: maplibregl.Map): void {
  const below = map.getLayer('wards-line') ? 'wards-line' : undefined; // above the city's white wash, below every line
  const byConfidence = (min: number): Expression => ['interpolate', ['linear'], ['coalesce', ['get', 'confidence'], 0], 0, min, 1, coverageOpacity.max];
  map.addLayer(
    {
      id: 'coverage-fill',
      type: 'fill',
      source: 'coverage',
      paint: {
        'fill-color': ['match', ['get', 'class'], ...coverageClasses.flatMap((c) => [c, coverageColours[c]]), coverageColours.none] as unknown as Expression,
        'fill-opacity': ['match', ['get', 'class'], ...coverageClasses.flatMap((c) => [c, byConfidence(coverageOpacity.min[c])]), byConfidence(coverageOpacity.min.none)] as unknown as Expression,
        'fill-antialias': false, // neighbouring cells would otherwise show hairline seams
      },
    },
    below,
  );
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
