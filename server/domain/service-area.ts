// The area the City serves: its boundary plus a margin, so residents at the city limit can still report.
import { booleanPointInPolygon, pointToLineDistance, polygonToLine, point } from '@turf/turf';
import { SERVICE_AREA_MARGIN_M } from './limits';
import type { BBox, LonLat } from './types';
import { METRES_PER_DEGREE_LAT, round6 } from './geo';


export interface ServiceArea {
  /** The city boundary widened by the margin, for map views and a quick first test. */
  bbox: BBox;
  contains(position: LonLat): boolean;
  marginM: number;
}

export function createServiceArea(
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon,
  marginM = SERVICE_AREA_MARGIN_M, // m: how far outside the boundary a position is still accepted
): ServiceArea {
  const outline = polygonToLine(boundary);
  const lines = (outline.type === 'FeatureCollection' ? outline.features : [outline]) as GeoJSON.Feature<
    GeoJSON.LineString | GeoJSON.MultiLineString
  >[];
  const [minLon, minLat, maxLon, maxLat] = boundsOf(boundary);
  const padLat = marginM / METRES_PER_DEGREE_LAT;
  const padLon = marginM / (METRES_PER_DEGREE_LAT * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180));
  const bbox: BBox = [minLon - padLon, minLat - padLat, maxLon + padLon, maxLat + padLat];

  function contains([lon, lat]: LonLat): boolean {
    if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) return false;
    const p = point([lon, lat]);
    if (booleanPointInPolygon(p, boundary)) return true;
    return lines.some((line) => nearLine(p, line, marginM));
  }
  return { bbox, contains, marginM };
}

function nearLine(p: GeoJSON.Feature<GeoJSON.Point>, line: GeoJSON.Feature<GeoJSON.LineString | GeoJSON.MultiLineString>, marginM: number) {
  const parts =
    line.geometry.type === 'LineString' ? [line.geometry.coordinates] : line.geometry.coordinates;
  return parts.some(
    (coordinates) => pointToLineDistance(p, { type: 'LineString', coordinates }, { units: 'meters' }) <= marginM,
  );
}

export function boundsOf(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): BBox {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [lon, lat] of ring) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * Where the public sees a resident's report: the centre of its 25 m cell, so a report
 * cannot pinpoint a home. Staff see the exact position.
 */
export function publicPosition([lon, lat]: LonLat, cellM: number): LonLat {
  const stepLat = cellM / METRES_PER_DEGREE_LAT;
  const snappedLat = (Math.floor(lat / stepLat) + 0.5) * stepLat;
  // The longitude step uses the snapped latitude, so every point of one cell gets one answer.
  const stepLonAtCell = cellM / (METRES_PER_DEGREE_LAT * Math.cos((snappedLat * Math.PI) / 180));
  return [round6((Math.floor(lon / stepLonAtCell) + 0.5) * stepLonAtCell), round6(snappedLat)];
}
