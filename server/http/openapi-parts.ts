// Building blocks of the OpenAPI document: JSON Schema from zod (requests as parsed, responses as
// domain/wire.ts describes them) and the response objects that reference them.
import { z } from 'zod';
import * as wire from '../domain/wire';

export const json = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return rest;
};

/** Every named response schema (`.meta({ id })` in domain/wire.ts) as an OpenAPI component. */
export function responseComponents(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, tidy(schema)]));
}

const SAFE_INTEGER_BOUNDS = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
/** Drops what OpenAPI 3.0 does not take ($id) and zod's implied safe-integer bounds, which say nothing. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== '$id' && !((key === 'minimum' || key === 'maximum') && SAFE_INTEGER_BOUNDS.has(value as number)))
      .map(([key, value]) => [key, tidy(value)]),
  );
}

/** A reference to a named schema of domain/wire.ts, by the schema itself. */
export const ref = (schema: z.ZodType) => {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a response schema needs .meta({ id }) in domain/wire.ts');
  return { $ref: `#/components/schemas/${id}` };
};
export const body = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
export const ok = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
export const geo = (description: string, schema: z.ZodType) => ({ description, content: { 'application/geo+json': { schema: ref(schema) } } });
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref(wire.problem) } } });
export const none = (description: string) => ({ description });
export const list = (values: readonly string[]) => `comma-separated: ${values.join(',')}`;
