// The client's configuration and the reference layers: boundary, wards, places.
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type * as wire from '../../server/domain/wire';
import { base, request, type BBox } from './request';

export type AppConfig = wire.AppConfig;
export type Basemap = NonNullable<AppConfig['basemap']>;
export type AreaProps = wire.AreaProps;
export type PlaceProps = wire.PlaceProps;
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProps>;
export type PlaceCollection = FeatureCollection<Point, PlaceProps>;
export type { BBox };

export function getConfig(): Promise<AppConfig> {
  return request(`${base}/config`);
}

export function getAreas(): Promise<AreaCollection> {
  return request(`${base}/areas`);
}

export function getPlaces(): Promise<PlaceCollection> {
  return request(`${base}/places`);
}
