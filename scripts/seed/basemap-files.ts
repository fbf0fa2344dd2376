/** Writes the embedded basemap into data/basemap/: the layers, the search's address list and the label glyphs. */
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, Geometry, LineString, MultiLineString, Point, Position } from 'geojson';
import { parseCsv } from './csv';
import { formatFeatureCollection } from './geojson-output';
import { deriveAddressIndex, deriveArterials, deriveLabels, deriveStreets, type AddressRow, type AnchorProperties, type RouteProperties } from './basemap';
import { GLYPH_FONTS, glyphRange, neededRanges } from './glyphs';

export const BASEMAP_FILES = {
  arterials: 'arterials.geojson',
  streets: 'streets.geojson',
  labels: 'street-labels.geojson',
  addresses: 'addresses.json',
} as const;

export interface BasemapStats {
  arterials: { routes: number; ion: number; vertices: number };
  streets: { streets: number; vertices: number };
  labels: number;
  addresses: { rows: number; streets: number; numbers: number };
  glyphs: { fonts: string[]; ranges: string[] };
  sizes: Record<string, number>;
}

export async function deriveBasemap(input: { readText: (name: string) => string; outDir: string }): Promise<BasemapStats> {
  const { readText, outDir } = input;
  const routes = JSON.parse(readText('grt-routes-2024-kitchener.geojson')) as { features: Feature<LineString | MultiLineString, RouteProperties>[] };
  const anchors = JSON.parse(readText('kitchener-street-name-anchors.geojson')) as { features: Feature<Point, AnchorProperties>[] };
  const rows: AddressRow[] = parseCsv(readText('kitchener-addresses-2021.csv')).map((r, i) => {
    const row = { number: r.number.trim(), street: r.street.trim(), unit: r.unit.trim(), lon: Number(r.lon), lat: Number(r.lat) };
    if (!row.number || !row.street || !Number.isFinite(row.lon) || !Number.isFinite(row.lat)) throw new Error(`kitchener-addresses-2021.csv row ${i + 2}: incomplete`);
    return row;
  });

  const arterials = deriveArterials(routes.features);
  const streets = deriveStreets(rows);
  const labels = deriveLabels(anchors.features);
  const addresses = deriveAddressIndex(rows);

  fs.mkdirSync(outDir, { recursive: true });
  const sizes: Record<string, number> = {};
  const write = (file: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    fs.writeFileSync(path.join(outDir, file), text);
    sizes[`basemap/${file}`] = Buffer.byteLength(text);
  };
  const geo = (features: Feature<Geometry, object>[]) => formatFeatureCollection(features as Feature<Geometry, Record<string, unknown>>[]);
  write(BASEMAP_FILES.arterials, geo(arterials));
  write(BASEMAP_FILES.streets, geo(streets));
  write(BASEMAP_FILES.labels, geo(labels));
  write(BASEMAP_FILES.addresses, `{"streets":[\n${addresses.map((s) => JSON.stringify(s)).join(',\n')}\n]}\n`);

  // Glyphs for every text the map labels: street names, places and stops (drawn from the API, named in the seed).
  const texts = [...labels.map((l) => l.properties.name), ...arterials.map((a) => a.properties.name)];
  const ranges = neededRanges(texts);
  const rangeNames: string[] = [];
  for (const [stack, file] of Object.entries(GLYPH_FONTS)) {
    for (const start of ranges) {
      const name = `${start}-${start + 255}`;
      write(`glyphs/${glyphDir(stack)}/${name}.pbf`, await glyphRange(file, start));
      rangeNames.push(name);
    }
  }
  const count = (lines: Position[][][]) => lines.reduce((s, l) => s + l.reduce((t, part) => t + part.length, 0), 0);
  return {
    arterials: { routes: arterials.length, ion: arterials.filter((a) => a.properties.mode === 'light_rail').length, vertices: count(arterials.map((a) => a.geometry.coordinates)) },
    streets: { streets: streets.length, vertices: count(streets.map((s) => s.geometry.coordinates)) },
    labels: labels.length,
    addresses: { rows: rows.length, streets: addresses.length, numbers: addresses.reduce((s, a) => s + a.numbers.length, 0) },
    glyphs: { fonts: Object.keys(GLYPH_FONTS), ranges: [...new Set(rangeNames)] },
    sizes,
  };
}

/** "DejaVu Sans Book" → "dejavu-sans-book": a folder name without spaces. */
export function glyphDir(fontStack: string): string {
  return fontStack.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
