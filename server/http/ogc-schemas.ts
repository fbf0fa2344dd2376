// JSON Schemas of each collection, made from its property definitions (domain/layer-properties.ts):
// the schema of its GeoJSON features (`describedby`), and its queryables (OGC API – Features Part 3),
// which also name what CQL2 filters and sortby may use.
import { z } from 'zod';
import type { QueryableType } from '../domain/cql2';
import type { Layer } from './layers';

const JSON_SCHEMA = 'https://json-schema.org/draft/2020-12/schema';
const GEOMETRY_FORMAT = { Point: 'geometry-point', Polygon: 'geometry-polygon' } as const;

/**
 * One property as JSON Schema with a single `type`, which GDAL and QGIS read to choose a field type
 * (Real for "number", Integer for "integer"). A property that may be null says so in words: a type
 * list such as ["number", "null"] is read by GDAL as text.
 */
function propertySchema(name: string, schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  let out = json;
  let nullable = false;
  if (Array.isArray(json.type)) {
    nullable = json.type.includes('null');
    out = { ...json, type: json.type.find((t) => t !== 'null') };
  } else if (Array.isArray(json.anyOf)) {
    const options = json.anyOf as Record<string, unknown>[];
    const value = options.find((o) => o.type !== 'null');
    nullable = options.some((o) => o.type === 'null');
    if (value) out = { ...value, ...(json.description ? { description: json.description } : {}) };
  }
  // zod bounds integers by the safe range; that says nothing to a reader.
  if (out.type === 'integer' && out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  if (out.type === 'integer' && out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  const description = `${out.description ?? ''}${nullable ? ' (null when unknown)' : ''}`;
  return { title: name, ...out, ...(description && { description }), ...(name === 'id' && { 'x-ogc-role': 'id' }) };
}

/** Each property of the layer as JSON Schema, in order. */
export const propertySchemas = (layer: Layer<unknown>): Record<string, Record<string, unknown>> =>
  Object.fromEntries(Object.entries(layer.schema.shape).map(([name, schema]) => [name, propertySchema(name, schema as z.ZodType)]));

/** The queryables: scalar properties (text, numbers, booleans, times), with what CQL2 compares them as. */
export function queryableTypes(layer: Layer<unknown>): Record<string, QueryableType> {
  const types: Record<string, QueryableType> = {};
  for (const [name, schema] of Object.entries(propertySchemas(layer))) {
    const t = schema.type;
    if (t === 'string') types[name] = schema.format === 'date-time' ? 'date-time' : 'string';
    else if (t === 'number' || t === 'integer') types[name] = 'number';
    else if (t === 'boolean') types[name] = 'boolean';
  }
  return types;
}

/** JSON Schema of one feature of the collection as the items endpoint serves it (GeoJSON). */
export function featureSchema(layer: Layer<unknown>, url: string) {
  const props = propertySchemas(layer);
  const { id: _id, ...rest } = props;
  const id = props.id ?? { type: 'integer' };
  return {
    $schema: JSON_SCHEMA,
    $id: url,
    title: layer.title,
    description: `${layer.description} One GeoJSON feature; a property that is null has no known value.`,
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { ...id, title: 'id', description: 'The feature id (also in properties where the layer has one)' },
      geometry: { type: 'object', title: 'geometry', format: GEOMETRY_FORMAT[layer.geometryType], 'x-ogc-role': 'primary-geometry', description: `a GeoJSON ${layer.geometryType} (or Multi${layer.geometryType})` },
      // The id repeated in properties is matched by pattern: GDAL adds an "id" field of its own, and would add a second.
      properties: { type: 'object', properties: rest, ...(props.id && { patternProperties: { '^id$': props.id } }), additionalProperties: false },
    },
  };
}

/** The collection's queryables (Part 3): the properties a filter and sortby may name, with their types. */
export function queryablesSchema(layer: Layer<unknown>, url: string) {
  const props = propertySchemas(layer), types = queryableTypes(layer);
  return {
    $schema: JSON_SCHEMA,
    $id: url,
    type: 'object',
    title: `${layer.title}: queryables`,
    description: 'Properties that filter (CQL2 text, filter-lang=cql2-text) and sortby may name.',
    properties: Object.fromEntries(Object.keys(types).map((name) => [name, props[name]])),
    additionalProperties: false,
  };
}
