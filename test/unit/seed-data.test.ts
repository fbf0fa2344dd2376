/**
 * Checks the committed seed files in data/ against the working contract: RFC 7946 shape, the
 * properties each file promises, and that the layers fit together (wards tile the city, every
 * point lies inside it). Regenerate the files with `npm run seed:derive`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Point, Polygon, Position } from 'geojson';
import { AP_ENVIRONMENTS } from '../../server/domain/types';

const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

function load<G extends Geometry = Geometry>(name: string): FeatureCollection<G, Record<string, unknown>> {
  return JSON.parse(fs.readFileSync(`${DATA_DIR}${name}`, 'utf8')) as FeatureCollection<G, Record<string, unknown>>;
}

const files = {
  boundary: 'kitchener-boundary.geojson',
  wards: 'kitchener-wards.geojson',
  accessPoints: 'access-points.geojson',
  places: 'places.geojson',
  transitStops: 'transit-stops.geojson',
} as const;

const boundary = load<Polygon>(files.boundary);
const wards = load<Polygon>(files.wards);
const accessPoints = load<Point>(files.accessPoints);
const places = load<Point>(files.places);
const transitStops = load<Point>(files.transitStops);
const city = boundary.features[0];

/** Kitchener's extent with a margin: catches swapped lon/lat and projected coordinates. */
const KITCHENER_BBOX = { minLon: -80.65, maxLon: -80.3, minLat: 43.3, maxLat: 43.55 };

function positionsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'Polygon':
      return geometry.coordinates.flat();
    default:
      throw new Error(`unexpected geometry type ${geometry.type} in seed data`);
  }
}

function decimals(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) return Infinity; // exponent notation would mean a tiny or huge number here
  return text.includes('.') ? text.split('.')[1].length : 0;
}

describe.each(Object.entries(files))('%s (%s) is an RFC 7946 FeatureCollection', (_key, name) => {
  const collection = load(name);

  it('has type FeatureCollection, features, and no crs member', () => {
    expect(collection.type).toBe('FeatureCollection');
    expect(Array.isArray(collection.features)).toBe(true);
    expect(collection.features.length).toBeGreaterThan(0);
    expect(collection).not.toHaveProperty('crs');
    for (const feature of collection.features) {
      expect(feature.type).toBe('Feature');
      expect(feature).not.toHaveProperty('crs');
      expect(feature.geometry).not.toHaveProperty('crs');
      expect(typeof feature.properties).toBe('object');
    }
  });

  it('has finite lon/lat positions inside Kitchener with at most 6 decimals', () => {
    for (const feature of collection.features) {
      for (const position of positionsOf(feature.geometry)) {
        expect(position).toHaveLength(2);
        const [lon, lat] = position;
        expect(Number.isFinite(lon) && Number.isFinite(lat), `${position}`).toBe(true);
        expect(lon).toBeGreaterThan(KITCHENER_BBOX.minLon);
        expect(lon).toBeLessThan(KITCHENER_BBOX.maxLon);
        expect(lat).toBeGreaterThan(KITCHENER_BBOX.minLat);
        expect(lat).toBeLessThan(KITCHENER_BBOX.maxLat);
        expect(decimals(lon)).toBeLessThanOrEqual(6);
        expect(decimals(lat)).toBeLessThanOrEqual(6);
      }
    }
  });
});

describe('polygons', () => {
  const polygons = [...boundary.features, ...wards.features];

  it('are closed, valid rings wound by the right-hand rule (exterior counter-clockwise, holes clockwise)', () => {
    for (const feature of polygons) {
      const label = String(feature.properties.id);
      expect(feature.geometry.type, label).toBe('Polygon');
      feature.geometry.coordinates.forEach((ring, index) => {
        expect(ring.length, label).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1], label).toEqual(ring[0]);
        expect(turf.booleanClockwise(ring), `${label} ring ${index}`).toBe(index > 0);
      });
      expect(turf.kinks(feature as Feature<Polygon>).features, `${label} self-intersects`).toHaveLength(0);
    }
  });

  it('the boundary is one Polygon feature with id "kitchener"', () => {
    expect(boundary.features).toHaveLength(1);
    expect(city.properties).toEqual({ id: 'kitchener', name: 'City of Kitchener' });
    // StatCan 2021 land area of Kitchener (CSD 3530013) is 138.21 km²; the ward union is ~138.3.
    expect(turf.area(city) / 1e6).toBeGreaterThan(136);
    expect(turf.area(city) / 1e6).toBeLessThan(141);
  });

  it('has exactly 10 wards numbered 1..10 with contract properties', () => {
    expect(wards.features).toHaveLength(10);
    const numbers = wards.features.map((f) => f.properties.ward).sort((a, b) => Number(a) - Number(b));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const ward of wards.features) {
      const n = ward.properties.ward as number;
      expect(ward.properties).toEqual({ id: `ward-${n}`, ward: n, name: `Ward ${n}` });
    }
  });

  it('the wards tile the boundary: union and sum of ward areas within 1 % of the city area', () => {
    const cityArea = turf.area(city);
    const union = turf.union(turf.featureCollection(wards.features as Feature<Polygon>[]));
    expect(union).not.toBeNull();
    const sumOfWards = wards.features.reduce((sum, ward) => sum + turf.area(ward), 0);
    expect(Math.abs(turf.area(union!) - cityArea) / cityArea).toBeLessThan(0.01);
    expect(Math.abs(sumOfWards - cityArea) / cityArea).toBeLessThan(0.01); // no large overlaps
  });
});

describe('points', () => {
  const pointFiles = { accessPoints, places, transitStops };

  it.each(Object.entries(pointFiles))('%s: Point features with unique seedIds, all inside the boundary', (name, collection) => {
    const ids = collection.features.map((f) => f.properties.seedId);
    expect(new Set(ids).size, `${name} has duplicate seedIds`).toBe(ids.length);
    const outside = collection.features
      .filter((f) => f.geometry.type !== 'Point' || !turf.booleanPointInPolygon(f.geometry.coordinates, city))
      .map((f) => `${f.properties.seedId} ${f.properties.name}`);
    expect(outside).toEqual([]);
  });

  it('access points have the contract properties and allowed values', () => {
    for (const { properties: p } of accessPoints.features) {
      const label = String(p.seedId);
      expect(Object.keys(p).sort(), label).toEqual(
        ['address', 'band', 'confidence', 'eirpDbm', 'environment', 'name', 'operator', 'seedId', 'source', 'ssid', 'venue'],
      );
      expect(p.seedId, label).toMatch(/^place-\d+$/);
      expect(typeof p.name === 'string' && p.name.length > 0, label).toBe(true);
      expect(p.ssid === null || p.ssid === 'KitchenerWiFi', label).toBe(true);
      expect(typeof p.venue, label).toBe('string');
      expect(p.address === null || typeof p.address === 'string', label).toBe(true);
      expect(['Kitchener Public Library', 'City of Kitchener'], label).toContain(p.operator);
      expect(AP_ENVIRONMENTS, label).toContain(p.environment); // written out, not left to the server's default
      expect(['documented', 'probable'], label).toContain(p.confidence);
      expect(typeof p.source === 'string' && p.source.length > 0, label).toBe(true);
      expect(['2.4', '5'], label).toContain(p.band);
      expect(typeof p.eirpDbm === 'number' && p.eirpDbm > 0 && p.eirpDbm <= 36, label).toBe(true); // 36 dBm: FCC/ISED 2.4 GHz point-to-multipoint limit
      if (p.operator === 'Kitchener Public Library') expect(p.ssid, `${label}: no source names a KPL SSID`).toBeNull();
    }
  });

  it('places have the contract properties and allowed values', () => {
    for (const { properties: p } of places.features) {
      const label = String(p.seedId);
      expect(Object.keys(p).sort(), label).toEqual(['address', 'demand', 'kind', 'name', 'seedId', 'source', 'wifiEvidence']);
      expect(['library', 'community_centre', 'transit', 'city_facility', 'park', 'school'], label).toContain(p.kind);
      expect(['documented', 'probable', 'unknown'], label).toContain(p.wifiEvidence);
      expect(p.demand, label).toBeGreaterThanOrEqual(1);
      expect(p.demand, label).toBeLessThanOrEqual(5);
      expect(p.address === null || typeof p.address === 'string', label).toBe(true);
      expect(typeof p.name === 'string' && p.name.length > 0, label).toBe(true);
      // The 2016 City data is ALL CAPS; its names are title-cased ("THEMUSEUM" in the list is a brand).
      if (label.startsWith('facility-')) expect(p.name, label).not.toBe(String(p.name).toUpperCase());
    }
  });

  it('every access point is also a place with the same seedId and Wi-Fi evidence', () => {
    const placeById = new Map(places.features.map((f) => [f.properties.seedId, f]));
    for (const ap of accessPoints.features) {
      const place = placeById.get(ap.properties.seedId);
      expect(place, String(ap.properties.seedId)).toBeDefined();
      expect(place!.properties.wifiEvidence).toBe(ap.properties.confidence);
      expect(place!.geometry.coordinates).toEqual(ap.geometry.coordinates);
    }
  });

  it('transit stops have the contract properties', () => {
    for (const { properties: p } of transitStops.features) {
      expect(Object.keys(p).sort()).toEqual(['kind', 'name', 'seedId']);
      expect(p.seedId).toMatch(/^grt-\d+(_merged_\d+)?$/);
      expect(p.kind).toBe('transit_stop');
      expect(typeof p.name === 'string' && p.name.length > 0, String(p.seedId)).toBe(true);
    }
  });
});
