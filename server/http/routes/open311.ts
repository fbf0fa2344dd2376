// Open311 GeoReport v2 at /open311/v2: residents' reports as service requests, so partner systems
// (311 apps, the City's CRM) can read and file them. XML (the spec's required format) or JSON, by
// the path's suffix; errors in the spec's own format; service discovery at /open311/discovery.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { InvalidInput, NotFound } from '../../domain/errors';
import { fieldErrors } from '../../domain/schemas';
import { OPEN311_STATUS } from '../../domain/report-lifecycle';
import { publicPosition } from '../../domain/service-area';
import { IDS_PER_QUERY_MAX, NOTE_MAX_CHARS, PUBLIC_CELL_M } from '../../domain/limits';
import { REPORT_KINDS, REPORT_KIND_LABELS, REPORT_KIND_OPEN311, type Report, type ReportStatus } from '../../domain/types';
import { createReport, findReports } from '../../services/reports';
import { CITY } from '../../domain/city';
import { identify } from '../auth';
import { bodyProblem, HttpProblem } from '../problem';
import { georeportXml, type Open311Root } from '../open311-xml';
import { publicBase } from '../public-url';
import type { HttpDeps } from '../deps';
import { afterStored } from '../../services/model-sync';
import { DAY_MS } from '../../domain/time';

const DEFAULT_WINDOW_DAYS = 90; // days: the spec's default window when no start_date is given
const MAX_RESULTS = 1_000; // requests per response, the spec's suggested cap
const MAX_RADIUS_M = 5_000; // m: the near-me extension is for a neighbourhood, not the city
const FORM_MAX_FIELDS = 50; // form fields per POST: the spec's ~15 fields plus a few attribute[…] ones
const FORM_MAX_BYTES = 16 * 1024; // bytes: a 2,000-character description with every field fits ~3 times
const DISCOVERY_CHANGESET = '2026-12-02T00:00:00Z'; // when what this endpoint offers last changed (XML, definitions, discovery)
const CONTENT_TYPES = { xml: 'text/xml; charset=utf-8', json: 'application/json; charset=utf-8' } as const; // as the spec writes them
type Format = keyof typeof CONTENT_TYPES;

class Open311Error extends Error {
  constructor(readonly status: number, readonly errors: { code: number; description: string }[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}

const csv = z.string().transform((s) => [...new Set(s.split(',').map((v) => v.trim()))]); // deduplicated: lists stay short
const num = z.string().trim().min(1).transform(Number).pipe(z.number());
// Optional: this endpoint serves one jurisdiction. Given, it must be ours (checked before anything else).
const jurisdictionParam = z.object({ jurisdiction_id: z.string().trim().toLowerCase().max(253).optional() });
const requestsQuery = z.strictObject({
  jurisdiction_id: z.string().optional(),
  service_request_id: csv.pipe(z.array(z.string().regex(/^\d+$/, 'must be a number')).max(IDS_PER_QUERY_MAX, `at most ${IDS_PER_QUERY_MAX} different ids`)).optional(),
  service_code: csv.pipe(z.array(z.enum(REPORT_KINDS))).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: csv.pipe(z.array(z.enum(['open', 'closed']))).optional(),
  lat: num.pipe(z.number().min(-90).max(90)).optional(),
  long: num.pipe(z.number().min(-180).max(180)).optional(),
  radius: num.pipe(z.number().positive().max(MAX_RADIUS_M)).optional(),
});

const PERSONAL_FIELDS = ['email', 'first_name', 'last_name', 'phone', 'account_id'] as const; // accepted, never stored
const postBody = z
  .object({
    api_key: z.string().min(1, 'an api_key is required to file requests'),
    jurisdiction_id: z.string().optional(),
    service_code: z.enum(REPORT_KINDS),
    lat: num,
    long: num,
    description: z.string().max(NOTE_MAX_CHARS).optional(),
    device_id: z.string().max(200).optional(),
    address_string: z.string().max(500).optional(),
    address_id: z.string().max(200).optional(),
    media_url: z.string().max(2000).optional(),
    ...Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, z.string().max(500).optional()])),
  })
  .catchall(z.unknown())
  .superRefine((body, ctx) => {
    for (const key of Object.keys(body))
      if (!(key in postBodyKeys) && !/^attribute\[[^\]]+\]$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'unknown field' });
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null }); // listed with the other problems
const postBodyKeys = Object.fromEntries(
  ['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'description', 'device_id', 'address_string', 'address_id', 'media_url', ...PERSONAL_FIELDS].map((k) => [k, true]),
);

function parse311<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new Open311Error(400, fieldErrors(result.error).map((e) => ({ code: 400, description: `${e.path}: ${e.message}` })));
  return result.data;
}

function serviceRequest(r: Report) {
  const [long, lat] = publicPosition(r.position, PUBLIC_CELL_M);
  return {
    service_request_id: String(r.id),
    status: OPEN311_STATUS[r.status],
    status_notes: r.publicNote,
    service_name: REPORT_KIND_LABELS[r.kind],
    service_code: r.kind,
    description: r.notePublished ? r.note : null,
    agency_responsible: CITY.name,
    service_notice: null,
    requested_datetime: r.createdAt,
    updated_datetime: r.updatedAt,
    expected_datetime: null,
    address: null,
    address_id: null,
    zipcode: null,
    lat,
    long,
    media_url: null,
  };
}

/** The answer in the format the path asked for: `.xml`, or `.json` (also the default without a suffix). */
function send(res: Response, status: number, root: Open311Root, body: unknown) {
  const format = res.locals.open311Format as Format;
  res.status(status).type(CONTENT_TYPES[format]).send(format === 'xml' ? georeportXml(root, body) : JSON.stringify(body));
}

/** A jurisdiction_id, in the query or the form, that is not ours is the spec's 404. */
function checkJurisdiction(req: Request) {
  for (const value of [req.query.jurisdiction_id, (req.body as Record<string, unknown> | undefined)?.jurisdiction_id]) {
    const id = parse311(jurisdictionParam, { jurisdiction_id: value }).jurisdiction_id;
    if (id && id !== CITY.jurisdictionId)
      throw new Open311Error(404, [{ code: 404, description: `jurisdiction_id ${id} was not found: this endpoint serves ${CITY.jurisdictionId} only` }]);
  }
}

export function open311Routes({ store, schemas, auth, now, device, anonymousWrites, coverage, publicBaseUrl, reads }: HttpDeps): Router {
  const router = Router(); // mounted at /open311
  // The spec's format suffix picks the representation and is then dropped from the path.
  router.use((req, res, next) => {
    const q = req.url.indexOf('?');
    const [path, query] = q === -1 ? [req.url, ''] : [req.url.slice(0, q), req.url.slice(q)];
    const suffix = /\.(json|xml)$/i.exec(path);
    res.locals.open311Format = (suffix?.[1].toLowerCase() ?? 'json') as Format;
    if (suffix) req.url = path.slice(0, -suffix[0].length) + query;
    next();
  });
  router.use(identify(auth)); // a partner's API token exempts it from the anonymous rate limit; a bad one is a 401 in this format
  router.use(express.urlencoded({ extended: false, limit: FORM_MAX_BYTES, parameterLimit: FORM_MAX_FIELDS }));
  router.use((req, _res, next) => {
    checkJurisdiction(req);
    next();
  });

  router.get(['/discovery', '/v2/discovery'], (req, res) => {
    const base = `${publicBase(publicBaseUrl, req)}${req.baseUrl}`;
    send(res, 200, 'discovery', {
      changeset: DISCOVERY_CHANGESET,
      contact: `Wi-Fi Reach for the ${CITY.name}: ${base.replace(/\/open311$/, '')}/`,
      key_service: 'An api_key is a Wi-Fi Reach API token: City staff or a volunteer signs in and creates one (POST /api/v1/tokens). Reading needs no key.',
      endpoints: [{
        specification: 'http://wiki.open311.org/GeoReport_v2', url: `${base}/v2`, changeset: DISCOVERY_CHANGESET, type: 'production',
        formats: [CONTENT_TYPES.xml.split(';')[0], CONTENT_TYPES.json.split(';')[0]],
      }],
    });
  });

  const v2 = Router();
  v2.get('/services', (_req, res) => {
    send(res, 200, 'services', REPORT_KINDS.map((code) => ({
      service_code: code, service_name: REPORT_KIND_LABELS[code], description: REPORT_KIND_OPEN311[code], metadata: false,
      type: 'realtime', keywords: 'wifi,internet,dead zone', group: 'Free public Wi-Fi',
    })));
  });
  v2.get('/services/:code', (req, res) => {
    if (!(REPORT_KINDS as readonly string[]).includes(req.params.code))
      throw new Open311Error(404, [{ code: 404, description: `service_code ${req.params.code} was not found` }]);
    send(res, 200, 'service_definition', { service_code: req.params.code, attributes: [] }); // metadata is false: nothing extra to ask
  });
  v2.get('/requests', reads.budget, (req, res) => {
    const q = parse311(requestsQuery, req.query);
    const near = q.lat !== undefined || q.long !== undefined || q.radius !== undefined;
    if (near && (q.lat === undefined || q.long === undefined))
      throw new Open311Error(400, [{ code: 400, description: 'lat and long are both needed for a radius search' }]);
    const statuses = q.status
      ? (Object.keys(OPEN311_STATUS) as ReportStatus[]).filter((s) => q.status!.includes(OPEN311_STATUS[s]!))
      : (Object.keys(OPEN311_STATUS) as ReportStatus[]).filter((s) => OPEN311_STATUS[s] !== null);
    const since = q.start_date ?? (q.service_request_id ? undefined : new Date(now().getTime() - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString());
    const reports = findReports(store, {
      status: statuses.filter((s) => s !== 'hidden'),
      kind: q.service_code,
      since,
      until: q.end_date,
      ids: q.service_request_id?.map(Number),
      near: near ? [q.long!, q.lat!] : undefined,
      radiusM: q.radius ?? 500,
      bbox: undefined,
    }, { view: 'public' }); // requests are shown at their public cell, so the radius search runs on that too
    const shown = reports.slice(0, MAX_RESULTS);
    reads.charge(req, shown.length); // up to 1,000 requests an answer: the same budget as every other anonymous list
    send(res, 200, 'service_requests', shown.map(serviceRequest));
  });
  v2.get('/requests/:id', (req, res) => {
    const id = Number(req.params.id);
    const report = Number.isInteger(id) && id > 0 ? store.reports.get(id) : undefined;
    if (!report || report.status === 'hidden') throw new NotFound('service request', req.params.id);
    send(res, 200, 'service_requests', [serviceRequest(report)]);
  });
  v2.post('/requests', anonymousWrites, (req, res) => {
    const by = device(req); // the spec's device_id is the client's own choice: accepted, not trusted (an unknown device)
    const body = parse311(postBody, req.body ?? {});
    if (!auth.userForToken(body.api_key)) throw new Open311Error(403, [{ code: 403, description: 'the api_key is not valid' }]);
    // Names, e-mail and phone are accepted for compatibility and dropped here: Wi-Fi Reach stores no personal details.
    const input = parse311(schemas.reportCreate, {
      kind: body.service_code, lon: body.long, lat: body.lat, ...(body.description ? { note: body.description } : {}),
    });
    const { report, created } = createReport(store, by, input, now());
    if (created) afterStored(`Report ${report.id}`, `/api/v1/reports/${report.id}`, () => coverage.reportAdded(report)); // evidence for the coverage model, like a report from the app
    send(res, 201, 'service_requests', [{ service_request_id: String(report.id), service_notice: 'Thank you: City staff review dead-zone reports weekly.', account_id: null }]);
  });
  router.use('/v2', v2);

  router.use((req: Request) => {
    throw new Open311Error(404, [{ code: 404, description: `no Open311 resource ${req.method} ${req.baseUrl}${req.path}` }]);
  });
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof HttpProblem) res.set(err.headers); // Retry-After on a rate limit
    const errors = (status: number, description: string) => send(res, status, 'errors', [{ code: status, description }]);
    if (err instanceof Open311Error) return void send(res, err.status, 'errors', err.errors);
    if (err instanceof NotFound) return void errors(404, err.message);
    if (err instanceof InvalidInput) return void send(res, 400, 'errors', err.errors.map((e) => ({ code: 400, description: `${e.path}: ${e.message}` })));
    if (err instanceof HttpProblem) return void errors(err.problem.status, err.problem.detail ?? err.problem.title);
    const unreadable = bodyProblem(err, FORM_MAX_FIELDS);
    if (unreadable) return void errors(unreadable.status, unreadable.detail ?? unreadable.title);
    next(err);
  });
  return router;
}
