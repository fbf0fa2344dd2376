// The Leaflet groups for coverage cells and gap outlines: drawn on the shared canvas, never clickable
// (a click on a cell falls through to the map, which asks the server why the cell is what it is).
import L from 'leaflet';
import type { CoverageCellProps, GapSummary } from '../api';
import { cellOpacity, coverageColours, drawableCells, gapLineAt, gapOutlinedAt, gapStyle } from './coverage-style';
import type { LayerData } from './map-view';

export function coverageGroup(data: LayerData['coverage']): L.GeoJSON {
  return L.geoJSON(drawableCells(data), {
    interactive: false,
    style: (feature) => {
      const p = feature?.properties as CoverageCellProps;
      return { stroke: false, fillColor: coverageColours[p.class] ?? coverageColours.none, fillOpacity: cellOpacity(p.class, p.confidence) };
    },
  });
}

/** Gap outlines styled for the map's zoom; call `setStyle(gapStyleAt(zoom))` again when it changes. */
export function gapGroup(data: LayerData['gaps'], zoom: number): L.GeoJSON {
  return L.geoJSON(data, { interactive: false, style: gapStyleAt(zoom) });
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
