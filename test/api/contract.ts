// The API contract, checked on every answer the API tests receive: harness.ts records each response of a
// server it starts (method, path, status, content type, body), and after each test file every recorded
// answer must be one the served OpenAPI document declares — status, content type, and the body against
// its schema (ajv). A route whose answer drifts from the document fails the file that saw it.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface Recorded {
  method: string;
  path: string; // without the query
  status: number;
  contentType: string | null; // media type without parameters
  body: Buffer | null; // null when not captured (not JSON, or larger than the cap)
}

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
export type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const API = '/api/v1';
const CAPTURE_MAX_BYTES = 64 * 1024 * 1024; // bytes: the largest answers the tests read (a city of 25 m cells) are ~30 MB
const JSON_TYPE = /^application\/([a-z.+-]+\+)?json$/;

/** Wraps a request listener so each finished response under /api/v1 is handed to `record`. */
export function recording(listener: RequestListener, record: (r: Recorded) => void): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    if (!url.startsWith(`${API}/`)) return listener(req, res);
    const chunks: Buffer[] = [];
    let bytes = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || bytes > CAPTURE_MAX_BYTES) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
      bytes += buffer.length;
      chunks.push(buffer);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => (keep(args[0], args[1]), write(...args))) as typeof res.write;
    res.end = ((...args: unknown[]) => (keep(args[0], args[1]), end(...args))) as typeof res.end;
    res.on('finish', () => {
      const contentType = String(res.getHeader('content-type') ?? '').split(';')[0].trim().toLowerCase() || null;
      const captured = contentType && JSON_TYPE.test(contentType) && bytes <= CAPTURE_MAX_BYTES ? decode(Buffer.concat(chunks), String(res.getHeader('content-encoding') ?? '')) : null;
      record({ method: req.method ?? 'GET', path: url.split('?')[0], status: res.statusCode, contentType, body: req.method === 'HEAD' ? null : captured });
    });
    listener(req, res);
  };
}

function decode(body: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

/** OpenAPI 3.0 schemas → JSON Schema for ajv: `nullable: true` becomes "or null". */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'enum' || k === 'required' ? v : jsonSchema(v)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Document paths as patterns, literal segments before templated ones (`/access-points/import` before `/{id}`); an empty parameter still names its route. */
function matcher(document: Document) {
  const routes = Object.keys(document.paths)
    .map((template) => ({ template, pattern: new RegExp(`^${API}${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]*')}$`), params: (template.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  return (path: string) => routes.find((r) => r.pattern.test(path))?.template;
}

/** Every way the recorded answers differ from the document; one line per operation, status and kind of problem. */
export function contractProblems(document: Document, recorded: readonly Recorded[]): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: 'openapi', components: { schemas: jsonSchema(document.components.schemas) } });
  const validators = new Map<string, ValidateFunction>();
  const validator = (schema: unknown) => {
    const key = JSON.stringify(schema);
    let v = validators.get(key);
    if (!v) validators.set(key, (v = ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"openapi#/components/')) as object)));
    return v;
  };
  const routeOf = matcher(document);
  const problems = new Map<string, string>();
  for (const r of recorded) {
    const template = routeOf(r.path);
    const operation = template ? document.paths[template][r.method.toLowerCase()] : undefined;
    const where = `${r.method} ${template ?? r.path} → ${r.status}`;
    // An unknown route, or a method the route does not have, falls through to the API's own 404 problem.
    if (!operation) {
      if (r.status !== 404 || r.contentType !== 'application/problem+json') problems.set(`${where}|route`, `${where}: not in the document`);
      continue;
    }
    const declared = operation.responses[String(r.status)];
    if (!declared) {
      problems.set(`${where}|status`, `${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`);
      continue;
    }
    if (!declared.content) {
      if (r.contentType) problems.set(`${where}|type`, `${where}: declares no body, got ${r.contentType}`);
      continue;
    }
    const media = r.contentType ? declared.content[r.contentType] : undefined;
    if (!media) {
      problems.set(`${where}|type ${r.contentType}`, `${where}: content type ${r.contentType} not declared (declared: ${Object.keys(declared.content).join(', ')})`);
      continue;
    }
    if (!r.body || !media.schema) continue;
    let value: unknown;
    try {
      value = JSON.parse(r.body.toString('utf8'));
    } catch {
      problems.set(`${where}|body`, `${where}: ${r.contentType} body is not JSON`);
      continue;
    }
    const validate = validator(media.schema);
    if (!validate(value)) {
      const errors = (validate.errors ?? []).slice(0, 4).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
      problems.set(`${where}|body`, `${where}: body does not match ${JSON.stringify(media.schema)}: ${errors.join('; ')}`);
    }
  }
  return [...problems.values()];
}
