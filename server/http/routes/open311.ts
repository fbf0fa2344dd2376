// Open311 GeoReport v2 at /open311/v2: residents' reports as service requests, so partner systems
// (311 apps, the City's CRM) can read and file them. JSON only; errors in the spec's own format.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { InvalidInput, NotFound } from '../../domain/errors';
import { fieldErrors } from '../../domain/schemas';
import { OPEN311_STATUS } from '../../domain/report-lifecycle';
import { publicPosition } from '../../domain/service-area';
import { IDS_PER_QUERY_MAX, NOTE_MAX_CHARS, PUBLIC_CELL_M } from '../../domain/limits';
import { REPORT_KINDS, REPORT_KIND_LABELS, REPORT_KIND_OPEN311, type Report, type ReportStatus } from '../../domain/types';
import { createReport, findReports } from '../../services/reports';
import { bodyProblem, HttpProblem } from '../problem';
import type { HttpDeps } from '../deps';

const DEFAULT_WINDOW_DAYS = 90; // days: the spec's default window when no start_date is given
const MAX_RESULTS = 1_000; // requests per response, the spec's suggested cap
const MAX_RADIUS_M = 5_000; // m: the near-me extension is for a neighbourhood, not the city
const FORM_MAX_FIELDS = 50; // form fields per POST: the spec's ~15 fields plus a few attribute[…] ones
const FORM_MAX_BYTES = 16 * 1024; // bytes: a 2,000-character description with every field fits ~3 times

class Open311Error extends Error {
  constructor(readonly status: number, readonly errors: { code: number; description: string }[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}

const csv = z.string().transform((s) => [...new Set(s.split(',').map((v) => v.trim()))]); // deduplicated: lists stay short
const num = z.string().trim().min(1).transform(Number).pipe(z.number());
const requestsQuery = z.strictObject({
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
  ['api_key', 'service_code', 'lat', 'long', 'description', 'device_id', 'address_string', 'address_id', 'media_url', ...PERSONAL_FIELDS].map((k) => [k, true]),
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
    agency_responsible: 'City of Kitchener',
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

export function open311Routes({ store, schemas, auth, now, device, anonymousWrites, coverage }: HttpDeps): Router {
  const router = Router();
  // Every path may end in .json (the spec's format suffix); .xml is not offered.
  router.use((req, _res, next) => {
    if (/\.xml$/i.test(req.path)) return next(new Open311Error(400, [{ code: 400, description: 'only the json format is offered: use .json' }]));
    req.url = req.url.replace(/\.json(?=\?|$)/i, '');
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: FORM_MAX_BYTES, parameterLimit: FORM_MAX_FIELDS }));

  router.get('/services', (_req, res) => {
    res.json(
      REPORT_KINDS.map((code) => ({
        service_code: code, service_name: REPORT_KIND_LABELS[code], description: REPORT_KIND_OPEN311[code], metadata: false,
        type: 'realtime', keywords: 'wifi,internet,dead zone', group: 'Free public Wi-Fi',
      })),
    );
  });
  router.get('/services/:code', (req) => {
    const known = (REPORT_KINDS as readonly string[]).includes(req.params.code);
    throw new Open311Error(404, [{ code: 404, description: known ? `service ${req.params.code} has no extra attributes (metadata is false)` : `no service ${req.params.code}` }]);
  });
  router.get('/requests', (req, res) => {
    const q = parse311(requestsQuery, req.query);
    const near = q.lat !== undefined || q.long !== undefined || q.radius !== undefined;
    if (near && (q.lat === undefined || q.long === undefined))
      throw new Open311Error(400, [{ code: 400, description: 'lat and long are both needed for a radius search' }]);
    const statuses = q.status
      ? (Object.keys(OPEN311_STATUS) as ReportStatus[]).filter((s) => q.status!.includes(OPEN311_STATUS[s]!))
      : (Object.keys(OPEN311_STATUS) as ReportStatus[]).filter((s) => OPEN311_STATUS[s] !== null);
    const since = q.start_date ?? (q.service_request_id ? undefined : new Date(now().getTime() - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString());
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
    res.json(reports.slice(0, MAX_RESULTS).map(serviceRequest));
  });
  router.get('/requests/:id', (req, res) => {
    const id = Number(req.params.id);
    const report = Number.isInteger(id) && id > 0 ? store.reports.get(id) : undefined;
    if (!report || report.status === 'hidden') throw new NotFound('service request', req.params.id);
    res.json([serviceRequest(report)]);
  });
  router.post('/requests', anonymousWrites, (req, res) => {
    const by = device(req); // the spec's device_id is the client's own choice: accepted, not trusted (an unknown device)
    const body = parse311(postBody, req.body ?? {});
    if (!auth.userForToken(body.api_key)) throw new Open311Error(403, [{ code: 403, description: 'the api_key is not valid' }]);
    // Names, e-mail and phone are accepted for compatibility and dropped here: Wi-Fi Reach stores no personal details.
    const input = parse311(schemas.reportCreate, {
      kind: body.service_code, lon: body.long, lat: body.lat, ...(body.description ? { note: body.description } : {}),
    });
    const { report, created } = createReport(store, by, input, now());
    if (created) coverage.reportAdded(report); // evidence for the coverage model, like a report from the app
    res.status(201).json([{ service_request_id: String(report.id), service_notice: 'Thank you: City staff review dead-zone reports weekly.', account_id: null }]);
  });

  router.use((req: Request) => {
    throw new Open311Error(404, [{ code: 404, description: `no Open311 resource ${req.method} ${req.path}` }]);
  });
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof Open311Error) return void res.status(err.status).json(err.errors);
    if (err instanceof NotFound) return void res.status(404).json([{ code: 404, description: err.message }]);
    if (err instanceof InvalidInput) return void res.status(400).json(err.errors.map((e) => ({ code: 400, description: `${e.path}: ${e.message}` })));
    if (err instanceof HttpProblem) return void res.status(err.problem.status).set(err.headers).json([{ code: err.problem.status, description: err.problem.detail ?? err.problem.title }]);
    const unreadable = bodyProblem(err, FORM_MAX_FIELDS);
    if (unreadable) return void res.status(unreadable.status).json([{ code: unreadable.status, description: unreadable.detail ?? unreadable.title }]);
    next(err);
  });
  return router;
}
