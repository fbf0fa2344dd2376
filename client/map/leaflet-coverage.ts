// The Leaflet groups for coverage cells and gap outlines: drawn on the shared canvas, never clickable
// (a click on a cell falls through to the map, which asks the server why the cell is what it is).
import L from 'leaflet';
import type { CoverageCellProps, GapSummary } from '../api';
import { cellOpacity, coverageColours, drawableCells, gapLineAt, gapStyle } from './coverage-style';
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
    const confirmed = (feature?.properties as GapSummary | undefined)?.confirmed === true;
    return { fill: false, color: gapStyle.stroke, weight: width, opacity, dashArray: confirmed ? undefined : gapStyle.dash.map((d) => d * width).join(' ') };
  };
}
